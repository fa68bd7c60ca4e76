-- Named leases: at most one holder of each at a time (a projector's runner, a sweep). A lease is taken when it is
-- free or expired, and every taking raises its epoch: the holder stamps what it must never write once another took
-- over (a projector's checkpoint) with its epoch, and the store of that write refuses a lower one (fencing). Times
-- are the database's own (now()), so the holders' clocks never matter.
CREATE TABLE leases (
    name        text PRIMARY KEY,
    holder      text        NOT NULL,
    epoch       bigint      NOT NULL,
    taken_at    timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
