"""The nationwide batch: every LAO's lists, PR notice and count report, and the roll-ups.

    docengine batch --kind elderly --fy 2570 --data people.csv --out out/2570 [--scheduler ADDRESS]

:func:`run_batch` validates the whole people file, plans one task per document
(docengine.batch.plan), runs them on Dask distributed — a LocalCluster, or an existing
cluster (docs/scale.md) — through the same code as the single-LAO commands
(docengine.batch.tasks), and keeps ``out/manifest.json`` (docengine.batch.manifest).
"""

from .manifest import Manifest
from .plan import DOCUMENTS, Lao, Plan, Task, plan_batch
from .runner import Summary, read_batch_people, run_batch

__all__ = ["DOCUMENTS", "Lao", "Manifest", "Plan", "Summary", "Task", "plan_batch", "read_batch_people",
           "run_batch"]
