"""
`make bench`: MedReview's reader pages measured against a bare Django view (the floor).

bench.pages starts everything on loopback in one run and prints the figures;
bench.profile profiles the warm anonymous article in-process beside the floor view.
"""
