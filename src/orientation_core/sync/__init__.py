"""The back office's feed: a sync record for every accepted event, and a reference receiver.

A receiver may get records twice and out of order: every record carries its
dossier, its version and an idempotency key, so that applying a stream in any
order, with repeats, converges to the view of the ordered stream.
"""

__all__: list[str] = []
