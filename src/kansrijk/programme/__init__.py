"""The programme registry: dated programme facts per gemeente, practice or JGZ organisation."""
