"""Tests of the JSON API and its tokens (issue 15)."""
