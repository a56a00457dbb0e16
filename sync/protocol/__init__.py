"""The versioned wire contract shared by stations and the central server."""
