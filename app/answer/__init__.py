"""Answering: guard, router, compose, verify, render (and the optional LLM agent)."""
