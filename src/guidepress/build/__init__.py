"""Stage 7: the build: plan, fingerprints, parallel jobs, atomic writes, manifest."""

from guidepress.build.jobs import Result
from guidepress.build.run import Summary, build, plan

__all__ = ["Result", "Summary", "build", "plan"]
