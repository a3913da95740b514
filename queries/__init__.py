"""Named research queries (.rq files with a metadata header), shipped as package data."""
