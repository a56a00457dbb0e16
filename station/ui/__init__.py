"""The kiosk's user interface: presenters (plain Python) and Kivy screens bound to them."""
