"""Adapters to the station's hardware: counting scales, receipt printer, badge reader."""
