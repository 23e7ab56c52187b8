"""Publishers: everything here reads the disclosed `published` table only."""
