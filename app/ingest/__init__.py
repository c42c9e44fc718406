"""Document → SourceDoc → tables, 绩效目标表, narrative chunks. Pure Python: no heavy imports here."""
