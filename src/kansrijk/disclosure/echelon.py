"""The elimination loop of :mod:`kansrijk.disclosure.gauss`, compiled (numba).

Cells are numbered by rank, so a vector's pivot is its largest cell. Vectors are sorted runs of
(cell, coefficient) in append-only pools: the pivots of the span of what is published (a pivot never
changes once made) and the protected vectors (a new run each time one is reduced further). A dense
workspace holds the vector being reduced; a heap yields its pivot cells from the largest down. Which
protected vectors hold a cell is kept in linked lists that are checked when read, so a cell that left
a vector costs nothing to remove.

Arithmetic is exact in 64-bit integers: fraction-free elimination, each vector divided by the gcd of
its coefficients. The coefficients stay tiny in practice (at most 4 on the national demo); a vector
whose coefficients grow past 2**30 stops the elimination with status ``OVERFLOW`` rather than risk a
wrong answer.
"""

from __future__ import annotations

import numpy as np
from numba import njit

OK, REVEALED, OVERFLOW = 0, 1, 2
_LIMIT = 2**30


@njit(cache=True)
def _grow(pool: np.ndarray, need: int) -> np.ndarray:
    if need <= len(pool):
        return pool
    bigger = np.empty(max(need, 2 * len(pool)), dtype=pool.dtype)
    bigger[:len(pool)] = pool
    return bigger


@njit(cache=True)
def _push(heap: np.ndarray, size: int, value: int) -> int:
    """Push onto a max-heap of ``size`` entries; returns the new size (``heap`` is large enough)."""
    i = size
    heap[i] = value
    while i > 0:
        up = (i - 1) >> 1
        if heap[up] >= heap[i]:
            break
        heap[up], heap[i] = heap[i], heap[up]
        i = up
    return size + 1


@njit(cache=True)
def _pop(heap: np.ndarray, size: int) -> int:
    """Remove the largest entry of a max-heap of ``size`` entries (it is ``heap[0]`` before)."""
    size -= 1
    heap[0] = heap[size]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        big = left
        if left + 1 < size and heap[left + 1] > heap[left]:
            big = left + 1
        if heap[i] >= heap[big]:
            break
        heap[i], heap[big] = heap[big], heap[i]
        i = big
    return size


@njit(cache=True)
def _largest(work: np.ndarray, touched: np.ndarray, size: int) -> int:
    biggest = 0
    for t in range(size):
        biggest = max(biggest, abs(work[touched[t]]))
    return biggest


@njit(cache=True)
def _gcd(a: int, b: int) -> int:
    a, b = abs(a), abs(b)
    while b:
        a, b = b, a % b
    return a


def eliminate(indptr: np.ndarray, indices: np.ndarray, rank: np.ndarray, is_cell: np.ndarray, order: np.ndarray,
              protected: np.ndarray, forced: np.ndarray, values: np.ndarray, sensitive: np.ndarray, level: float,
              known_lower: float) -> tuple[np.ndarray, int]:
    """The compiled elimination (:func:`_eliminate`) with every argument in the one set of types it is
    compiled for, so that numba compiles it once and its cache serves every call."""
    def ints(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a, dtype=np.int64)

    def flags(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a, dtype=np.bool_)

    return _eliminate(ints(indptr), ints(indices), ints(rank), flags(is_cell), ints(order), flags(protected),
                      flags(forced), np.ascontiguousarray(values, dtype=np.float64), flags(sensitive),
                      float(level), float(known_lower))


def compile_ahead() -> None:
    """Compile the elimination now (or load it from numba's cache): set-up calls this, so that the
    first computation does not wait for the compiler."""
    eliminate(np.array([0, 1]), np.array([0]), np.array([0]), np.array([True]), np.array([0]), np.array([False]),
              np.array([False]), np.zeros((1, 3)), np.zeros((1, 3), dtype=bool), 3.0, 10.0)


@njit(cache=True)
def _eliminate(
    indptr: np.ndarray,
    indices: np.ndarray,
    rank: np.ndarray,
    is_cell: np.ndarray,
    order: np.ndarray,
    protected: np.ndarray,
    forced: np.ndarray,
    values: np.ndarray,
    sensitive: np.ndarray,
    level: float,
    known_lower: float,
) -> tuple[np.ndarray, int]:
    """Take the candidates in ``order`` one by one; suppress one whose publication would put a
    protected vector in the span of the published ones, or whose reduced vector is a one-signed sum
    that confines a protected count (see :mod:`kansrijk.disclosure.gauss`). ``rank`` numbers the
    rows 0..n-1 (a vector's pivot is its cell of largest rank). Returns the suppressed rows and a
    status: ``REVEALED`` when a protected vector is in the span of the forced rows alone."""
    n = len(rank)
    row_of = np.empty(n, dtype=np.int64)
    for r in range(n):
        row_of[rank[r]] = r
    known = np.zeros(n, dtype=np.bool_)
    suppressed = np.zeros(n, dtype=np.bool_)
    work = np.zeros(n, dtype=np.int64)
    touched = np.empty(n, dtype=np.int64)
    in_work = np.zeros(n, dtype=np.bool_)
    heap = np.empty(16, dtype=np.int64)
    # Pivots by their cell: a run of the pivot pool.
    pivot_start = np.full(n, -1, dtype=np.int64)
    pivot_len = np.zeros(n, dtype=np.int64)
    pivot_cell = np.empty(1024, dtype=np.int64)
    pivot_coef = np.empty(1024, dtype=np.int64)
    pivot_used = 0
    # Protected vectors: a run each of the protected pool.
    n_protected = int(protected.sum())
    prot_start = np.zeros(n_protected, dtype=np.int64)
    prot_len = np.zeros(n_protected, dtype=np.int64)
    prot_cell = np.empty(1024, dtype=np.int64)
    prot_coef = np.empty(1024, dtype=np.int64)
    prot_used = 0
    # Per cell, a linked list of the protected vectors that hold it (or held it once).
    first_node = np.full(n, -1, dtype=np.int64)
    node_next = np.empty(1024, dtype=np.int64)
    node_vector = np.empty(1024, dtype=np.int64)
    nodes = 0
    seen = np.full(n_protected, -1, dtype=np.int64)

    step = 0
    for phase in range(2):
        rows = np.flatnonzero(protected) if phase == 0 else order
        for row in rows:
            step += 1
            cells, coefs, heap, status = _reduce(indices[indptr[row]:indptr[row + 1]], rank, known, work, touched,
                                                 in_work, heap, pivot_start, pivot_len, pivot_cell, pivot_coef)
            if status != OK:
                return suppressed, status
            m = len(cells)
            if phase == 0:
                k = step - 1
                prot_cell, prot_coef, prot_start[k] = _append(prot_cell, prot_coef, prot_used, cells, coefs)
                prot_len[k], prot_used = m, prot_used + m
                node_next, node_vector, nodes = _link(first_node, node_next, node_vector, nodes, k, cells,
                                                      prot_cell, 0, 0)
                continue
            if m > 0 and not forced[row]:
                if _revealed(cells, coefs, first_node, node_next, node_vector, seen, 2 * step,
                             prot_start, prot_len, prot_cell, prot_coef):
                    suppressed[row] = True
                    continue
                if _confines(cells, coefs, row_of, protected, suppressed, values, sensitive, level, known_lower):
                    suppressed[row] = True
                    continue
            if m > 0:
                # Publish: the reduced vector becomes the pivot of its largest cell, and every
                # protected vector holding that cell is reduced by it.
                head_cell = cells[m - 1]
                pivot_cell, pivot_coef, pivot_start[head_cell] = _append(pivot_cell, pivot_coef, pivot_used, cells, coefs)
                pivot_len[head_cell], pivot_used = m, pivot_used + m
                node = first_node[head_cell]
                while node >= 0:
                    k = node_vector[node]
                    node = node_next[node]
                    if seen[k] == 2 * step + 1 or not _holds(prot_cell, prot_start[k], prot_len[k], head_cell):
                        continue
                    seen[k] = 2 * step + 1
                    old_start, old_len = prot_start[k], prot_len[k]
                    new_cell, new_coef = _combine(prot_cell[old_start:old_start + old_len],
                                                  prot_coef[old_start:old_start + old_len], cells, coefs)
                    if len(new_cell) and np.abs(new_coef).max() > _LIMIT:
                        return suppressed, OVERFLOW
                    prot_cell, prot_coef, prot_start[k] = _append(prot_cell, prot_coef, prot_used, new_cell, new_coef)
                    prot_len[k], prot_used = len(new_cell), prot_used + len(new_cell)
                    node_next, node_vector, nodes = _link(first_node, node_next, node_vector, nodes, k, new_cell,
                                                          prot_cell, old_start, old_len)
            if is_cell[row]:
                known[rank[row]] = True
    for k in range(n_protected):
        if prot_len[k] == 0:
            return suppressed, REVEALED
    return suppressed, OK


@njit(cache=True)
def _reduce(row_cells, rank, known, work, touched, in_work, heap, pivot_start, pivot_len, pivot_cell, pivot_coef):
    """A row's vector (its cells ``row_cells``) reduced by the pivots, as cells sorted by rank and
    their coefficients; ``work``, ``touched`` and ``in_work`` are a workspace left clear. Returns the
    heap too (it may have grown) and a status (``OVERFLOW`` when coefficients grow too large)."""
    # Load the vector into the workspace (without known cells) ...
    size, heap_size = 0, 0
    for j in range(len(row_cells)):
        c = rank[row_cells[j]]
        if known[c] or in_work[c]:
            continue
        work[c] = 1
        in_work[c] = True
        touched[size] = c
        size += 1
        if pivot_start[c] >= 0:
            heap = _grow(heap, heap_size + 1)
            heap_size = _push(heap, heap_size, c)
    status = OK
    # ... and eliminate its pivot cells from the largest down.
    while heap_size > 0 and status == OK:
        c = heap[0]
        heap_size = _pop(heap, heap_size)
        coef = work[c]
        if coef == 0:
            continue
        start, length = pivot_start[c], pivot_len[c]
        head = pivot_coef[start + length - 1]
        scaled = coef % head != 0
        factor = coef
        if scaled:
            if abs(head) > _LIMIT // max(1, _largest(work, touched, size)):
                status = OVERFLOW
                break
            for t in range(size):
                work[touched[t]] *= head
        else:
            factor = coef // head
        for j in range(start, start + length):
            p = pivot_cell[j]
            if known[p]:
                continue
            if not in_work[p]:
                in_work[p] = True
                touched[size] = p
                size += 1
            work[p] -= factor * pivot_coef[j]
            if abs(work[p]) > _LIMIT:
                status = OVERFLOW
            if p != c and work[p] != 0 and pivot_start[p] >= 0:
                heap = _grow(heap, heap_size + 1)
                heap_size = _push(heap, heap_size, p)
        if scaled:
            g = 0
            for t in range(size):
                g = _gcd(g, work[touched[t]])
                if g == 1:
                    break
            if g > 1:
                for t in range(size):
                    work[touched[t]] //= g
    # The reduced vector, sorted by cell; the workspace is cleared.
    m = 0
    for t in range(size):
        if work[touched[t]] != 0:
            m += 1
    cells = np.empty(m, dtype=np.int64)
    m = 0
    for t in range(size):
        if work[touched[t]] != 0:
            cells[m] = touched[t]
            m += 1
    cells.sort()
    coefs = np.empty(m, dtype=np.int64)
    for t in range(m):
        coefs[t] = work[cells[t]]
    for t in range(size):
        work[touched[t]] = 0
        in_work[touched[t]] = False
    return cells, coefs, heap, status


@njit(cache=True)
def _append(cell_pool, coef_pool, used, cells, coefs):
    """Append a run to a pool (grown when needed); returns the pools and where the run starts."""
    cell_pool = _grow(cell_pool, used + len(cells))
    coef_pool = _grow(coef_pool, used + len(cells))
    cell_pool[used:used + len(cells)] = cells
    coef_pool[used:used + len(cells)] = coefs
    return cell_pool, coef_pool, used


@njit(cache=True)
def _link(first_node, node_next, node_vector, nodes, k, cells, pool, old_start, old_len):
    """Record that protected vector ``k`` holds ``cells``, except those its old run
    ``pool[old_start:old_start + old_len]`` held already; returns the grown node lists and their size."""
    node_next = _grow(node_next, nodes + len(cells))
    node_vector = _grow(node_vector, nodes + len(cells))
    for t in range(len(cells)):
        if old_len and _holds(pool, old_start, old_len, cells[t]):
            continue
        node_vector[nodes] = k
        node_next[nodes] = first_node[cells[t]]
        first_node[cells[t]] = nodes
        nodes += 1
    return node_next, node_vector, nodes


@njit(cache=True)
def _holds(pool: np.ndarray, start: int, length: int, cell: int) -> bool:
    """Whether the sorted run ``pool[start:start + length]`` holds ``cell``."""
    i = np.searchsorted(pool[start:start + length], cell)
    return i < length and pool[start + i] == cell


@njit(cache=True)
def _combine(cells: np.ndarray, coefs: np.ndarray, p_cells: np.ndarray, p_coefs: np.ndarray):
    """The vector (``cells``, ``coefs``) with the pivot's largest cell eliminated by the pivot
    (``p_cells``, ``p_coefs``), fraction-free and divided by the gcd; both sorted by cell."""
    head_cell, head = p_cells[-1], p_coefs[-1]
    coef = coefs[np.searchsorted(cells, head_cell)]
    scaled = coef % head != 0
    mine = head if scaled else 1
    factor = coef if scaled else coef // head
    out_cell = np.empty(len(cells) + len(p_cells), dtype=np.int64)
    out_coef = np.empty(len(cells) + len(p_cells), dtype=np.int64)
    i = j = m = 0
    while i < len(cells) or j < len(p_cells):
        if j == len(p_cells) or (i < len(cells) and cells[i] < p_cells[j]):
            c, v = cells[i], coefs[i] * mine
            i += 1
        elif i == len(cells) or p_cells[j] < cells[i]:
            c, v = p_cells[j], -factor * p_coefs[j]
            j += 1
        else:
            c, v = cells[i], coefs[i] * mine - factor * p_coefs[j]
            i += 1
            j += 1
        if v != 0:
            out_cell[m], out_coef[m] = c, v
            m += 1
    if scaled:
        g = 0
        for t in range(m):
            g = _gcd(g, out_coef[t])
        if g > 1:
            for t in range(m):
                out_coef[t] //= g
    return out_cell[:m].copy(), out_coef[:m].copy()


@njit(cache=True)
def _revealed(cells, coefs, first_node, node_next, node_vector, seen, stamp,
              prot_start, prot_len, prot_cell, prot_coef) -> bool:
    """Whether a protected vector is parallel to the reduced vector (``cells``, ``coefs``): its
    publication would put that vector in the span. ``seen`` marks the vectors looked at with
    ``stamp``."""
    m = len(cells)
    node = first_node[cells[m - 1]]
    while node >= 0:
        k = node_vector[node]
        node = node_next[node]
        if seen[k] == stamp or prot_len[k] != m:
            continue
        seen[k] = stamp
        start = prot_start[k]
        a, b = prot_coef[start], coefs[0]
        same = True
        for t in range(m):
            if prot_cell[start + t] != cells[t] or coefs[t] * a != prot_coef[start + t] * b:
                same = False
                break
        if same:
            return True
    return False


@njit(cache=True)
def _confines(cells, coefs, row_of, protected, suppressed, values, sensitive, level, known_lower) -> bool:
    """Whether the reduced vector is a one-signed sum whose published value bounds a protected
    count too tightly: ``0 <= coef * cell <= value`` less what the attacker knows the other hidden
    cells hold at least."""
    m = len(cells)
    positive = coefs[0] > 0
    any_target = False
    for t in range(m):
        if (coefs[t] > 0) != positive:
            return False
        if protected[row_of[cells[t]]]:
            any_target = True
    if not any_target:
        return False
    width = values.shape[1]
    room = np.zeros(width)
    for t in range(m):
        r = row_of[cells[t]]
        w = abs(coefs[t])
        for q in range(width):
            room[q] += w * values[r, q]
        if suppressed[r] and not protected[r]:
            for q in range(width):
                room[q] -= w * known_lower
    for t in range(m):
        r = row_of[cells[t]]
        if not protected[r]:
            continue
        w = abs(coefs[t])
        for q in range(width):
            if sensitive[r, q] and room[q] / w < level:
                return True
    return False
