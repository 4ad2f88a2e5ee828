"""One module per scenario; each names the requests both servers must answer identically."""
