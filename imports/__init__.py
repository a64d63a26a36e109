"""Bulk imports of victims, sources and perpetrators (with their positions) from CSV and JSON files."""
