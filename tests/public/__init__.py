"""Tests of the public pages: one module per view, each against its real URLs in English and Persian."""
