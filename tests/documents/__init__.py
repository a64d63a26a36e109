"""Document full text: extraction from PDFs, images and plain text; the command; the document page."""
