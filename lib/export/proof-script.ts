/**
 * verify_proof.py, shipped at the root of every evidence bundle: a check of one item's RFC 9162
 * inclusion proof against the Merkle root in its run's signed statement, in Python 3 with the
 * standard library only, so that an auditor can check a finding with nothing of ours but the
 * script itself (short enough to read before it is run). It reads the statement from the DSSE
 * envelope and leaves the envelope's signature to openssl or cosign (the bundle README says how).
 *
 * It takes both proof shapes a bundle holds: a run of the first format's `ItemProof` (one audit
 * path from the item to the signed root, `lib/seal/proof.ts`) and a sharded run's
 * `ShardedItemProof` (`lib/seal/shard-read.ts`: the item in its shard's tree, then the shard's root
 * in the run's tree, whose root is the signed one), told apart by the sharded proof's `shard` and
 * `run` members.
 *
 * Kept as a string (String.raw: the Python's backslashes stay as they are) so that every way the
 * export runs, the CLI and the bundled Lambda, ships the same bytes.
 */
export const PROOF_SCRIPT = String.raw`#!/usr/bin/env python3
"""Check one item of an ai-evidence bundle against the Merkle root its run signed.

Usage:
    python3 verify_proof.py ITEM PROOF STATEMENT

    ITEM       the item, e.g. runs/RUN/findings/SHA256.json, or in a sharded
               run runs/RUN/shards/SHARD/findings/SHA256.json
    PROOF      its inclusion proof, e.g. runs/RUN/proofs/findings/SHA256.json,
               or runs/RUN/proofs/shards/SHARD/findings/SHA256.json
    STATEMENT  the run's DSSE envelope, runs/RUN/statement.dsse.json

It checks that the item's SHA-256 is the one the proof is for, that the proof's
RFC 9162 audit path leads from the item's leaf to a root, and that this root is
the Merkle root named in the in-toto statement inside the DSSE envelope (its
"merkle-root" subject), for the same run. The proof of a sharded run has two
audit paths: the item in its shard's tree (leading to the shard's root), then
that root as a leaf of the run's tree (leading to the signed root); both are
checked.

It does NOT check the envelope's signature: check that first, with openssl or
cosign (README.md of the bundle, "Verifying without ai-evidence"). A root is
worth exactly as much as the signature over the statement that names it.

Python 3 standard library only. Exit code 0 when the item is included, 1 when
it is not, 2 when the files cannot be read as what they should be.
"""

import base64
import hashlib
import json
import re
import sys

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://ai-evidence.dev/sealed-run/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


class Unreadable(Exception):
    """A file is not what it should be (exit code 2)."""


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(entry):
    # RFC 9162 section 2.1.1: a leaf is hashed with the prefix 0x00. The
    # entry of an ai-evidence tree is the 32-byte SHA-256 of the item's bytes.
    return sha256(b"\x00" + entry)


def node_hash(left, right):
    # RFC 9162 section 2.1.1: an inner node is hashed with the prefix 0x01.
    return sha256(b"\x01" + left + right)


def root_from_path(leaf, index, size, path):
    """The root an audit path leads to (RFC 9162 section 2.1.3.2), or None."""
    if index < 0 or index >= size:
        return None
    fn = index
    sn = size - 1
    r = leaf
    for p in path:
        if sn == 0:
            return None
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            # A right-most node with no sibling at this level (fn even): climb
            # to the level where it is a right child again.
            while fn % 2 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def read_json(path, what):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise Unreadable("%s %s cannot be read as JSON: %s" % (what, path, e))


def signed_statement(path):
    """The in-toto statement in a DSSE envelope (its signature is not checked here)."""
    envelope = read_json(path, "The statement")
    if not isinstance(envelope, dict) or envelope.get("payloadType") != PAYLOAD_TYPE:
        raise Unreadable("%s is not a DSSE envelope of an in-toto statement." % path)
    try:
        payload = base64.b64decode(envelope.get("payload", ""), validate=True)
        statement = json.loads(payload.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, TypeError) as e:
        raise Unreadable("The payload of %s is not a base64 JSON statement: %s" % (path, e))
    if not isinstance(statement, dict) or statement.get("_type") != STATEMENT_TYPE:
        raise Unreadable("The payload of %s is not an in-toto Statement v1." % path)
    if statement.get("predicateType") != PREDICATE_TYPE:
        raise Unreadable("The statement in %s is not an ai-evidence sealed run." % path)
    return statement


def signed_root(statement, path):
    for subject in statement.get("subject") or []:
        if isinstance(subject, dict) and subject.get("name") == "merkle-root":
            root = (subject.get("digest") or {}).get("sha256")
            if isinstance(root, str) and HEX64.match(root):
                return root
    raise Unreadable("The statement in %s names no Merkle root." % path)


def audit_path(step, where):
    """(leafIndex, treeSize, path) of one RFC 9162 inclusion proof, or Unreadable."""
    if not isinstance(step, dict):
        raise Unreadable("%s is not an inclusion proof." % where)
    index = step.get("leafIndex")
    size = step.get("treeSize")
    path = step.get("path")
    if (
        not isinstance(index, int)
        or not isinstance(size, int)
        or not isinstance(path, list)
        or not all(isinstance(p, str) and HEX64.match(p) for p in path)
    ):
        raise Unreadable("%s is not an inclusion proof (leafIndex, treeSize, path)." % where)
    return index, size, [bytes.fromhex(p) for p in path]


def check(item_path, proof_path, statement_path):
    """A sentence saying what holds; raises ValueError saying what does not."""
    try:
        with open(item_path, "rb") as f:
            item = f.read()
    except OSError as e:
        raise Unreadable("The item %s cannot be read: %s" % (item_path, e))
    proof = read_json(proof_path, "The proof")
    if not isinstance(proof, dict):
        raise Unreadable("%s is not an inclusion proof." % proof_path)
    claimed = proof.get("sha256")
    if not isinstance(claimed, str) or not HEX64.match(claimed):
        raise Unreadable("%s is not an inclusion proof (sha256)." % proof_path)
    # A sharded run's proof: the item in its shard's tree, then the shard's root in the run's tree.
    sharded = "shard" in proof or "run" in proof
    if sharded:
        shard_index, shard_size, shard_path = audit_path(proof.get("shard"), "%s (shard)" % proof_path)
        run_index, run_size, run_path = audit_path(proof.get("run"), "%s (run)" % proof_path)
        shard_id = proof.get("shardId")
        shard_root = (proof.get("shard") or {}).get("root")
        if not isinstance(shard_root, str) or not HEX64.match(shard_root) or not isinstance(shard_id, str):
            raise Unreadable("%s is not a sharded inclusion proof (shardId, shard root)." % proof_path)
    else:
        index, size, path = audit_path(proof, proof_path)
    statement = signed_statement(statement_path)
    root = signed_root(statement, statement_path)
    run = (statement.get("predicate") or {}).get("runId")
    if proof.get("runId") != run:
        raise ValueError("%s is a proof of run %s, and %s is the statement of run %s." % (proof_path, proof.get("runId"), statement_path, run))
    digest = hashlib.sha256(item).hexdigest()
    if digest != claimed:
        raise ValueError("%s has SHA-256 %s; the proof is for %s: the item was altered." % (item_path, digest, claimed))
    if sharded:
        reached = root_from_path(leaf_hash(bytes.fromhex(digest)), shard_index, shard_size, shard_path)
        if reached is None or reached.hex() != shard_root:
            raise ValueError(
                "The proof of %s does not lead to the root %s of shard %s: the proof was altered." % (item_path, shard_root, shard_id)
            )
        reached = root_from_path(leaf_hash(reached), run_index, run_size, run_path)
        if reached is None or reached.hex() != root:
            raise ValueError(
                "The proof of shard %s's root does not lead to the Merkle root %s signed for run %s: the proof or the statement was altered."
                % (shard_id, root, run)
            )
        return (
            "OK: %s (SHA-256 %s) is included, as leaf %d of %d of shard %s, whose root is leaf %d of %d under the Merkle root %s of run %s. The statement's signature is not checked by this script."
            % (proof.get("key", item_path), digest, shard_index, shard_size, shard_id, run_index, run_size, root, run)
        )
    reached = root_from_path(leaf_hash(bytes.fromhex(digest)), index, size, path)
    if reached is None or reached.hex() != root:
        raise ValueError(
            "The proof of %s does not lead to the Merkle root %s signed for run %s: the proof or the statement was altered." % (item_path, root, run)
        )
    return "OK: %s (SHA-256 %s) is included, as leaf %d of %d, under the Merkle root %s of run %s. The statement's signature is not checked by this script." % (
        proof.get("key", item_path),
        digest,
        index,
        size,
        root,
        run,
    )


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        print(check(argv[1], argv[2], argv[3]))
        return 0
    except Unreadable as e:
        print("CANNOT CHECK: %s" % e, file=sys.stderr)
        return 2
    except ValueError as e:
        print("FAILED: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
`;
