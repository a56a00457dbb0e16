"""The revisions, oldest first by `down_revision`; released ones are never edited."""
