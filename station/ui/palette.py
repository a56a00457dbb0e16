"""The kiosk's colours (RGBA, 0..1), apart from Kivy so their contrast can be checked anywhere.

Control outlines must stand out >= 3:1 from what they border (WCAG 1.4.11): the screen and every
button colour (tests/kiosk/test_palette.py).
"""

BG = (0.97, 0.96, 0.93, 1)
TILE = (1, 1, 1, 1)
INK = (0.15, 0.15, 0.18, 1)
OUTLINE = (0.42, 0.42, 0.46, 1)  # control outlines
GREEN = (0.80, 0.93, 0.80, 1)
BRIGHT_GREEN = (0.55, 0.85, 0.55, 1)  # the save tick's pulse
RED = (0.97, 0.83, 0.80, 1)
YELLOW = (1, 0.93, 0.70, 1)
MARK = (0.20, 0.60, 0.25, 1)
QUIET = 0.45  # the staff lock's opacity: visible, never the brightest thing on a worker's screen

BUTTON_COLOURS = (TILE, GREEN, BRIGHT_GREEN, RED, YELLOW)
