"""Server mode: the store on PostgreSQL for several users at once."""
