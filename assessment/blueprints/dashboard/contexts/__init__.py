"""Context builders: turn service results into the plain data dashboard templates render."""
