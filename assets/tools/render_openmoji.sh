#!/usr/bin/env bash
# Re-render the bundled OpenMoji pictograms (CC BY-SA 4.0) from an unpacked `npm pack openmoji`.
# Usage: assets/tools/render_openmoji.sh /path/to/openmoji/package
# The list below is the only source of truth for which pictogram file comes from which emoji;
# assets/ATTRIBUTION.md names the same set. Pictures OpenMoji has no right one for are drawn by
# assets/tools/draw_pictograms.py (run it after this script: some of its pictures build on these).
set -euo pipefail
src=${1:?path to the unpacked openmoji package}
here=$(cd "$(dirname "$0")/.." && pwd)
size=256
render() { # render HEXCODE OUTFILE
  rsvg-convert -w "$size" -h "$size" -o "$here/$2" "$src/color/svg/$1.svg"
}
while read -r hex name; do
  [ -n "$hex" ] || continue
  render "$hex" "pictograms/$name.png"
done <<'LIST'
1F9FA product_plastic_weaving
1FAA2 product_small_craft
21A9 undo
1F512 lock
1F50C scale_unplugged
1F50A sound_on
1F507 sound_off
2B50 star
1F31F star_glowing
1F44B greeting
270B scale_moving
1F3E0 home
1F6AA done_for_today
23F3 waiting
1F4E1 sync
26A0 warning
1F389 celebrate
2795 plus_one
2796 minus_one
2699 settings
1F464 worker_unknown
1F310 language
2B05 page_previous
27A1 page_next
1F4CB list
270F correct
26D4 void
1F9FE receipt
1FAAA badge
1F44D thumbs_up
1F4E6 stack
LIST
