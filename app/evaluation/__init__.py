"""The scoreboard: golden question sets → scores, a Markdown and JSON report, and a regression check.

`budgetqa eval [--set PATH] [--report DIR] [--no-baseline]` calls `app.evaluation.run.main(args, settings)`.

The modules: `golden` (the golden-set format, loading and validation), `scoring` (judging one answer against
its gold expectation, and the summaries: pure functions), `baseline` (the usual llama-index vector RAG we are
compared with), `report` (a set's result, the thresholds that make a regression, the Markdown and JSON report)
and `run` (asking every question of the engine and of the baseline, and `main`).
"""
