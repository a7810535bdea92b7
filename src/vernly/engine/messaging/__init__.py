"""Messages to people: e-mail over SMTP and SMS through an HTTP gateway, via the outbox.

`enqueue` writes a message in the caller's transaction, once per event; `deliver` tries the
given messages at once (after the commit), and `deliver_due` sends whatever is due, with
backoff between attempts. `Courier` runs `deliver_due` periodically inside `vernly serve`.
"""

from vernly.engine.messaging.courier import Courier
from vernly.engine.messaging.delivery import Delivery, deliver, deliver_due
from vernly.engine.messaging.outbox import enqueue

__all__ = ["Courier", "Delivery", "deliver", "deliver_due", "enqueue"]
