"""Static assets served by the API (the query editor is installed into vendor/ at set-up)."""
