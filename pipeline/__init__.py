"""The resume pipeline: pure steps (parse, analyze, improve, render) and the actors that run them."""
