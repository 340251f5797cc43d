"""Sending a task when the broker may be down."""

from kombu.exceptions import OperationalError as BrokerError


def send_once(task, *args, **kwargs):
    """Send `task` with one attempt, on a connection of its own; False when the broker cannot
    be reached. The person who clicked is not kept waiting through kombu's reconnection loop
    (about 6 s with Redis down), and never gets a 500 for it."""
    try:
        with task.app.connection_for_write(transport_options={"max_retries": 0}) as conn:
            task.apply_async(args=args, kwargs=kwargs, retry=False, connection=conn)
    except (BrokerError, ConnectionError, OSError):
        return False
    return True
