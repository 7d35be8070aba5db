"""Celery tasks of the Excel app: thin — load ids, call the writer, report progress."""
from celery import shared_task


@shared_task(bind=True, name="excel.export", acks_late=True)
def export_file_task(self, export_id: int) -> dict:
    """Write a large export to a file the requester downloads later. Idempotent: a rerun writes
    the same file again in place."""
    from .services import export_file_write

    def progress(percent: int) -> None:
        self.update_state(state="PROGRESS", meta={"progress": percent})

    return export_file_write(export_id=export_id, progress=progress)


@shared_task(name="excel.prune_export_files")
def prune_export_files_task() -> int:
    """Daily: delete background export files past their keeping time."""
    from .services import export_files_prune

    return export_files_prune()
