-- A vendor's Retry-After holds the whole connection (a mailbox, a ConnectWise member, a Process Plan token), not
-- only the job that got it: no request on that connection goes out before hold_until, whichever job or
-- process sends it. It is kept apart from open_until (the circuit breaker's own window) because a later success
-- closes the circuit but must not end a hold that is still in the future, and a shorter Retry-After never
-- shortens a longer one.
ALTER TABLE provider_circuits ADD COLUMN hold_until TIMESTAMPTZ;
