"""Stores over the ingested document: table store (parquet), vector store (Chroma), lexical store (BM25)."""
