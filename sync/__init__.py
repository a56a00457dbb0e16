"""Everything that crosses the wire between stations and the central office, and the office itself."""
