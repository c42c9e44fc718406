"""The whitelisted tools over the stores: table queries and narrative search."""
