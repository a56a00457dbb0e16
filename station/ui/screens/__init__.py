"""One module per kiosk screen; each is built once and updated from the presenter's view."""
