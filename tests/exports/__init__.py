"""Tests of the exports: list downloads (CSV, JSON), the open-data dump, citation formats, Popolo."""
