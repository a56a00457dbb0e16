"""The demo workshop drawn from the centres we serve: workers, products and supervisors.

One definition for both ends (the kiosk demo, the demo office, tests and benchmarks); no
production module imports it. The supervisor PINs are printed in the README; a real station
only ever receives their hashes.
"""

from __future__ import annotations

import functools

from sync.protocol.events import CountMethod
from sync.protocol.pins import hash_pin
from sync.protocol.roster import Catalog, Product, Supervisor, Worker

DEMO_SITE = "demo-site"
DEMO_STATION_ID = "demo-station-1"

# (id, name, language); photos are placeholders until each worker's photo is taken on site.
_WORKERS = (
    ("w01", "张伟", "zh-Hans"),
    ("w02", "王芳", "zh-Hans"),
    ("w03", "李强", "zh-Hans"),
    ("w04", "刘秀英", "zh-Hans"),
    ("w05", "陈磊", "zh-Hans"),
    ("w06", "杨静", "zh-Hans"),
    ("w07", "赵勇", "zh-Hans"),
    ("w08", "黄丽", "zh-Hant"),
    ("w09", "周杰", "zh-Hans"),
    ("w10", "吴敏", "zh-Hans"),
    ("w11", "徐浩", "zh-Hans"),
    ("w12", "孙婷", "en"),
)

# (id, zh-Hans, zh-Hant, en, count mode, average piece weight in grams)
_PRODUCTS = (
    ("bead-stringing", "串珠", "串珠", "Bead stringing", CountMethod.SCALE, 8.6),
    ("plastic-weaving", "塑料编织", "塑膠編織", "Plastic weaving", CountMethod.SCALE, 46.0),
    ("willow-weaving", "柳编", "柳編", "Willow weaving", CountMethod.TAP, 185.0),
    ("neon-stringing", "霓虹灯串接", "霓虹燈串接", "Neon-light stringing", CountMethod.SCALE, 32.5),
    ("seat-cushion", "坐垫", "坐墊", "Seat cushion", CountMethod.TAP, 340.0),
    ("small-craft", "工艺品", "工藝品", "Small craft", CountMethod.SCALE, 12.4),
)

# (id, name, PIN) — demo PINs only.
DEMO_SUPERVISORS = (
    ("s01", "马老师", "1234"),
    ("s02", "林老师", "2468"),
    ("s03", "郑主任", "1357"),
)


@functools.cache
def demo_catalog() -> Catalog:
    """The demo catalog (cached: hashing the PINs is deliberately slow)."""
    workers = tuple(
        Worker(
            worker_id=wid,
            name=name,
            photo=f"photos/placeholder_{i:02d}.png",
            language=lang,
            badge=f"00{4711 + i:08d}",
            # The first four workers string beads and lights; the rest may do anything.
            product_ids=("bead-stringing", "neon-stringing", "small-craft") if i <= 4 else (),
        )
        for i, (wid, name, lang) in enumerate(_WORKERS, start=1)
    )
    products = tuple(
        Product(
            product_id=pid,
            names={"zh-Hans": hans, "zh-Hant": hant, "en": en},
            pictogram=f"pictograms/product_{pid.replace('-', '_')}.png",
            count_mode=mode,
            piece_weight_g=weight,
        )
        for pid, hans, hant, en, mode, weight in _PRODUCTS
    )
    supervisors = tuple(Supervisor(sid, name, hash_pin(pin, b"")) for sid, name, pin in DEMO_SUPERVISORS)
    return Catalog(workers, products, supervisors, versions={"roster": 1, "products": 1, "supervisors": 1})
