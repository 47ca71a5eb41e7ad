"""
`make bench`: MedReview's reader pages measured against a bare Django view (the floor).

bench.pages starts everything on loopback in one run, on SQLite and on PostgreSQL + Redis
(bench.legs), measures (bench.load) and prints the figures (bench.wire, bench.report);
bench.profile profiles the warm anonymous article in-process beside the floor view.
"""
