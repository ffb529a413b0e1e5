package main

// matrix.go — the one data structure of this program: a dense, row-major matrix of float64.
//
// Every operation the post does with numpy is here under a name that says which numpy expression it
// replaces, with the output shape in its doc comment. Operations come in two forms:
//
//	c := Mul(a, b)      // allocates and returns a new matrix: the form to read
//	MulInto(c, a, b)    // writes into c, which must already have the right shape
//
// The allocating form is always the Into form plus a NewMatrix, so the two cannot disagree. The
// training loop uses the Into forms so that it can reuse its buffers step after step.
//
// A shape mistake is a bug in the program, not something a user can cause, so it panics with both
// shapes in the message: "Mul: (13500×2)·(5×3): inner dimensions differ".

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
)

// Matrix is a rows×cols matrix of float64 stored row by row: element (i, j) is data[i*cols+j].
// The zero value is a 0×0 matrix.
type Matrix struct {
	rows, cols int
	data       []float64
}

// NewMatrix returns a rows×cols matrix of zeros. It panics if either size is negative.
func NewMatrix(rows, cols int) *Matrix {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("NewMatrix: negative size %d×%d", rows, cols))
	}
	return &Matrix{rows: rows, cols: cols, data: make([]float64, rows*cols)}
}

// NewMatrixFrom returns a rows×cols matrix that uses data (row-major) as its storage, without copying.
// It panics if len(data) is not rows*cols.
func NewMatrixFrom(rows, cols int, data []float64) *Matrix {
	if rows < 0 || cols < 0 || len(data) != rows*cols {
		panic(fmt.Sprintf("NewMatrixFrom: %d values cannot fill a %d×%d matrix", len(data), rows, cols))
	}
	return &Matrix{rows: rows, cols: cols, data: data}
}

// FromRows returns a matrix holding a copy of rows, one slice per row. It panics if the rows differ in
// length. It is the easy way to write a small matrix by hand: FromRows([][]float64{{1, 2}, {3, 4}}).
func FromRows(rows [][]float64) *Matrix {
	if len(rows) == 0 {
		return NewMatrix(0, 0)
	}
	m := NewMatrix(len(rows), len(rows[0]))
	for i, row := range rows {
		if len(row) != m.cols {
			panic(fmt.Sprintf("FromRows: row %d has %d values, row 0 has %d", i, len(row), m.cols))
		}
		copy(m.Row(i), row)
	}
	return m
}

// Dims returns the number of rows and columns.
func (m *Matrix) Dims() (rows, cols int) { return m.rows, m.cols }

// shape formats the dimensions for panic messages: "13500×2".
func (m *Matrix) shape() string { return fmt.Sprintf("%d×%d", m.rows, m.cols) }

// At returns element (i, j). It panics if (i, j) is outside the matrix.
func (m *Matrix) At(i, j int) float64 {
	m.checkIndex("At", i, j)
	return m.data[i*m.cols+j]
}

// Set sets element (i, j) to v. It panics if (i, j) is outside the matrix.
func (m *Matrix) Set(i, j int, v float64) {
	m.checkIndex("Set", i, j)
	m.data[i*m.cols+j] = v
}

func (m *Matrix) checkIndex(op string, i, j int) {
	if i < 0 || i >= m.rows || j < 0 || j >= m.cols {
		panic(fmt.Sprintf("%s(%d, %d): outside a %s matrix", op, i, j, m.shape()))
	}
}

// Row returns row i as a slice that shares the matrix's storage: writing to it writes to the matrix.
func (m *Matrix) Row(i int) []float64 {
	if i < 0 || i >= m.rows {
		panic(fmt.Sprintf("Row(%d): outside a %s matrix", i, m.shape()))
	}
	return m.data[i*m.cols : (i+1)*m.cols]
}

// RowsView returns rows lo..hi-1 as a (hi-lo)×cols matrix that shares the storage (numpy: A[lo:hi]).
// Because the layout is row-major the view needs no copy. It panics unless 0 ≤ lo ≤ hi ≤ rows.
func (m *Matrix) RowsView(lo, hi int) *Matrix {
	v := &Matrix{}
	RowsViewInto(v, m, lo, hi)
	return v
}

// RowsViewInto makes dst a view of rows lo..hi-1 of src, as RowsView does, without allocating: dst's
// old contents are not touched, only what dst refers to changes. A training loop uses it to move its
// minibatch along the training set.
func RowsViewInto(dst, src *Matrix, lo, hi int) {
	if lo < 0 || hi < lo || hi > src.rows {
		panic(fmt.Sprintf("RowsView(%d, %d): outside a %s matrix", lo, hi, src.shape()))
	}
	*dst = Matrix{rows: hi - lo, cols: src.cols, data: src.data[lo*src.cols : hi*src.cols]}
}

// SelectRows returns a new len(idx)×cols matrix whose row r is row idx[r] of m (numpy: A[idx]).
func (m *Matrix) SelectRows(idx []int) *Matrix {
	out := NewMatrix(len(idx), m.cols)
	for r, i := range idx {
		copy(out.Row(r), m.Row(i))
	}
	return out
}

// Clone returns a copy of m that shares nothing with it.
func (m *Matrix) Clone() *Matrix {
	c := NewMatrix(m.rows, m.cols)
	copy(c.data, m.data)
	return c
}

// String formats m like numpy prints an array, each number in Go's shortest round-trip form:
// [[1 2.5] [3 4]].
func (m *Matrix) String() string {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < m.rows; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('[')
		for j, v := range m.Row(i) {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
		b.WriteByte(']')
	}
	b.WriteByte(']')
	return b.String()
}

// mustSameShape panics unless a and b have the same dimensions.
func mustSameShape(op string, a, b *Matrix) {
	if a.rows != b.rows || a.cols != b.cols {
		panic(fmt.Sprintf("%s: (%s) and (%s): shapes differ", op, a.shape(), b.shape()))
	}
}

// mustShape panics unless dst is rows×cols; it names the shape dst should have had.
func mustShape(op string, dst *Matrix, rows, cols int) {
	if dst.rows != rows || dst.cols != cols {
		panic(fmt.Sprintf("%s: destination is %s, want %d×%d", op, dst.shape(), rows, cols))
	}
}

// ---------------------------------------------------------------------------------------------------
// Products.

// Mul returns the matrix product a·b (numpy: np.dot(a, b)), an (a.rows)×(b.cols) matrix.
// It panics unless a.cols == b.rows. Cost: 2·a.rows·a.cols·b.cols floating-point operations.
func Mul(a, b *Matrix) *Matrix {
	c := NewMatrix(a.rows, b.cols)
	MulInto(c, a, b)
	return c
}

// MulInto writes a·b into dst, which must be (a.rows)×(b.cols) and must not share storage with a or b.
//
// Each element is summed exactly as the textbook loop sums it, k = 0, 1, …, n−1 in order:
//
//	dst[i][j] = Σₖ a[i][k]·b[k][j]
//
// so the result is the same, to the last bit, as that loop (mulPlain in the tests) on any number of
// cores. How it is made fast without changing a single rounding is mulRows's business. Products of at
// least parallelMinFlops floating-point operations are split by rows over all cores (parallelFor).
func MulInto(dst, a, b *Matrix) {
	if a.cols != b.rows {
		panic(fmt.Sprintf("Mul: (%s)·(%s): inner dimensions differ", a.shape(), b.shape()))
	}
	mustShape("Mul", dst, a.rows, b.cols)
	if 2*a.rows*a.cols*b.cols < parallelMinFlops {
		mulRows(dst, a, b, 0, a.rows)
		return
	}
	blocks := (a.rows + mulRowBlock - 1) / mulRowBlock
	parallelFor(blocks, func(blk int) {
		mulRows(dst, a, b, blk*mulRowBlock, min((blk+1)*mulRowBlock, a.rows))
	})
}

// Tile sizes for mulRows. A kTile×jTile block of b is 128·256·8 bytes = 256 KiB, which stays in the
// cache while every row of a's row block passes over it.
const (
	mulRowBlock      = 64
	mulKTile         = 128
	mulJTile         = 256
	parallelMinFlops = 1 << 21
)

// mulRows computes rows lo..hi-1 of dst = a·b.
//
// Speed trick, equal to the plain loop to the last bit. The plain loop is
//
//	for i { for j { s := 0.0; for k { s += a[i][k]*b[k][j] }; dst[i][j] = s } }
//
// Here the loops are reordered (i, k, j: the innermost loop walks rows of b and dst contiguously), k is
// taken four at a time, and k and j are cut into tiles so a tile of b stays in the cache. None of this
// changes the order in which any one dst[i][j] receives its terms — still k = 0, 1, 2, … — and Go
// evaluates s + t0 + t1 + t2 + t3 left to right, so every rounding is the plain loop's rounding.
func mulRows(dst, a, b *Matrix, lo, hi int) {
	n, p := a.cols, b.cols
	clear(dst.data[lo*p : hi*p])
	for k0 := 0; k0 < n; k0 += mulKTile {
		k1 := min(k0+mulKTile, n)
		for j0 := 0; j0 < p; j0 += mulJTile {
			j1 := min(j0+mulJTile, p)
			for i := lo; i < hi; i++ {
				c := dst.data[i*p+j0 : i*p+j1]
				ai := a.data[i*n : (i+1)*n]
				k := k0
				for ; k+4 <= k1; k += 4 {
					a0, a1, a2, a3 := ai[k], ai[k+1], ai[k+2], ai[k+3]
					b0 := b.data[k*p+j0 : k*p+j1]
					b1 := b.data[(k+1)*p+j0 : (k+1)*p+j1]
					b2 := b.data[(k+2)*p+j0 : (k+2)*p+j1]
					b3 := b.data[(k+3)*p+j0 : (k+3)*p+j1]
					b0, b1, b2, b3 = b0[:len(c)], b1[:len(c)], b2[:len(c)], b3[:len(c)]
					for j := range c {
						c[j] = c[j] + a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]
					}
				}
				for ; k < k1; k++ {
					aik := ai[k]
					bk := b.data[k*p+j0 : k*p+j1]
					bk = bk[:len(c)]
					for j := range c {
						c[j] += aik * bk[j]
					}
				}
			}
		}
	}
}

// MulTransAInto writes aᵀ·b into dst (numpy: np.dot(a.T, b)), an (a.cols)×(b.cols) matrix; a and b
// must have the same number of rows. This is the backward pass's "layer inputᵀ · error signal".
//
// Speed trick: equal to MulInto(dst, a.T(), b) to the last bit, without building aᵀ. Row k of a and
// row k of b together give every term with that k, and the rows are visited k = 0, 1, … in order, so each
// dst[i][j] = Σₖ a[k][i]·b[k][j] is summed in the same order as Mul sums it.
func MulTransAInto(dst, a, b *Matrix) {
	if a.rows != b.rows {
		panic(fmt.Sprintf("MulTransA: (%s)ᵀ·(%s): inner dimensions differ", a.shape(), b.shape()))
	}
	mustShape("MulTransA", dst, a.cols, b.cols)
	clear(dst.data)
	for k := 0; k < a.rows; k++ {
		ak, bk := a.Row(k), b.Row(k)
		for i, aki := range ak {
			di := dst.data[i*dst.cols : (i+1)*dst.cols]
			for j, bkj := range bk {
				di[j] += aki * bkj
			}
		}
	}
}

// MulTransBInto writes a·bᵀ into dst (numpy: np.dot(a, b.T)), an (a.rows)×(b.rows) matrix; a and b must
// have the same number of columns. This is the backward pass's "error signal · Wᵀ".
//
// Speed trick: equal to MulInto(dst, a, b.T()) to the last bit, without building bᵀ: dst[i][j] is the dot
// product of row i of a and row j of b, summed k = 0, 1, … in order as Mul sums it.
func MulTransBInto(dst, a, b *Matrix) {
	if a.cols != b.cols {
		panic(fmt.Sprintf("MulTransB: (%s)·(%s)ᵀ: inner dimensions differ", a.shape(), b.shape()))
	}
	mustShape("MulTransB", dst, a.rows, b.rows)
	for i := 0; i < a.rows; i++ {
		ai, di := a.Row(i), dst.Row(i)
		for j := range di {
			bj := b.Row(j)
			s := 0.0
			for k, aik := range ai {
				s += aik * bj[k]
			}
			di[j] = s
		}
	}
}

// T returns the transpose of m (numpy: m.T), a new (m.cols)×(m.rows) matrix.
func (m *Matrix) T() *Matrix {
	t := NewMatrix(m.cols, m.rows)
	for i := 0; i < m.rows; i++ {
		for j, v := range m.Row(i) {
			t.data[j*t.cols+i] = v
		}
	}
	return t
}

// ---------------------------------------------------------------------------------------------------
// Elementwise operations. Each Into form may write over one of its arguments (dst == a is fine).

// Add returns a + b elementwise (numpy: a + b, same shapes). It panics if the shapes differ.
func Add(a, b *Matrix) *Matrix { c := NewMatrix(a.rows, a.cols); AddInto(c, a, b); return c }

// AddInto writes a + b into dst.
func AddInto(dst, a, b *Matrix) {
	mustSameShape("Add", a, b)
	mustSameShape("Add", dst, a)
	for i, v := range a.data {
		dst.data[i] = v + b.data[i]
	}
}

// Sub returns a − b elementwise (numpy: a - b, same shapes). It panics if the shapes differ.
func Sub(a, b *Matrix) *Matrix { c := NewMatrix(a.rows, a.cols); SubInto(c, a, b); return c }

// SubInto writes a − b into dst.
func SubInto(dst, a, b *Matrix) {
	mustSameShape("Sub", a, b)
	mustSameShape("Sub", dst, a)
	for i, v := range a.data {
		dst.data[i] = v - b.data[i]
	}
}

// MulElem returns the elementwise (Hadamard) product a ⊙ b (numpy: a * b, same shapes).
func MulElem(a, b *Matrix) *Matrix { c := NewMatrix(a.rows, a.cols); MulElemInto(c, a, b); return c }

// MulElemInto writes a ⊙ b into dst.
func MulElemInto(dst, a, b *Matrix) {
	mustSameShape("MulElem", a, b)
	mustSameShape("MulElem", dst, a)
	for i, v := range a.data {
		dst.data[i] = v * b.data[i]
	}
}

// Scale returns s·a (numpy: s * a), a matrix of a's shape.
func Scale(s float64, a *Matrix) *Matrix {
	c := NewMatrix(a.rows, a.cols)
	ScaleInto(c, s, a)
	return c
}

// ScaleInto writes s·a into dst.
func ScaleInto(dst *Matrix, s float64, a *Matrix) {
	mustSameShape("Scale", dst, a)
	for i, v := range a.data {
		dst.data[i] = s * v
	}
}

// AddScaledInto writes a + s·b into dst (numpy: a + s * b; with s = −lr it is the post's
// W -= learning_rate * gradient). The product s·b is rounded before the sum, as numpy rounds it.
func AddScaledInto(dst, a *Matrix, s float64, b *Matrix) {
	mustSameShape("AddScaled", a, b)
	mustSameShape("AddScaled", dst, a)
	for i, v := range a.data {
		dst.data[i] = v + s*b.data[i]
	}
}

// Apply returns f applied to every element of a (numpy: a ufunc such as np.exp(a)).
func Apply(f func(float64) float64, a *Matrix) *Matrix {
	c := NewMatrix(a.rows, a.cols)
	ApplyInto(c, f, a)
	return c
}

// ApplyInto writes f(a) elementwise into dst.
func ApplyInto(dst *Matrix, f func(float64) float64, a *Matrix) {
	mustSameShape("Apply", dst, a)
	for i, v := range a.data {
		dst.data[i] = f(v)
	}
}

// ---------------------------------------------------------------------------------------------------
// Broadcasting, each named after the numpy expression it replaces.

// AddRowVector returns a + b where b is a 1×c row added to every row of the r×c matrix a
// (numpy: a + b with b of shape (1, c), broadcast down the rows). The result is r×c.
func AddRowVector(a, b *Matrix) *Matrix {
	c := NewMatrix(a.rows, a.cols)
	AddRowVectorInto(c, a, b)
	return c
}

// AddRowVectorInto writes a + b (b broadcast down the rows) into dst.
func AddRowVectorInto(dst, a, b *Matrix) {
	if b.rows != 1 || b.cols != a.cols {
		panic(fmt.Sprintf("AddRowVector: (%s) + (%s): want a 1×%d row vector", a.shape(), b.shape(), a.cols))
	}
	mustSameShape("AddRowVector", dst, a)
	for i := 0; i < a.rows; i++ {
		ai, di := a.Row(i), dst.Row(i)
		for j, bj := range b.data {
			di[j] = ai[j] + bj
		}
	}
}

// SumRows returns the 1×c row of column sums of the r×c matrix a
// (numpy: np.sum(a, axis=0, keepdims=True)). Each column is summed from row 0 down, in order.
func SumRows(a *Matrix) *Matrix { c := NewMatrix(1, a.cols); SumRowsInto(c, a); return c }

// SumRowsInto writes the column sums of a into the 1×c matrix dst.
func SumRowsInto(dst, a *Matrix) {
	mustShape("SumRows", dst, 1, a.cols)
	clear(dst.data)
	for i := 0; i < a.rows; i++ {
		for j, v := range a.Row(i) {
			dst.data[j] += v
		}
	}
}

// Sum returns the sum of all elements, row by row (numpy: np.sum(a)).
func (m *Matrix) Sum() float64 {
	s := 0.0
	for _, v := range m.data {
		s += v
	}
	return s
}

// ArgmaxRows returns, for each row, the column of its largest element; the first one on a tie, as
// numpy's np.argmax(a, axis=1) does. A NaN counts as the largest, as in numpy.
func ArgmaxRows(a *Matrix) []int {
	idx := make([]int, a.rows)
	for i := range idx {
		idx[i] = argmax(a.Row(i))
	}
	return idx
}

// argmax returns the index of the first largest value of row (the first NaN, if there is one).
func argmax(row []float64) int {
	best := 0
	for j, v := range row {
		if math.IsNaN(v) {
			return j
		}
		if v > row[best] {
			best = j
		}
	}
	return best
}

// ---------------------------------------------------------------------------------------------------
// Parallel work.

// team is a fixed set of goroutines that run numbered pieces of work. Results never depend on how many
// goroutines there are: the pieces are fixed by the caller, each piece writes only its own output, and
// anything summed across pieces is summed afterwards by the caller, in piece order.
//
// A team is started once and reused; run allocates nothing, which is what keeps the training loop free of
// allocations (the function it runs must be made once, outside the loop, e.g. a method value).
type team struct {
	pieces chan int
	done   chan struct{}
	fn     func(piece int)
}

// newTeam starts a team of n goroutines (n ≥ 1). Stop it with close.
func newTeam(n int) *team {
	t := &team{pieces: make(chan int, n), done: make(chan struct{}, n)}
	for w := 0; w < n; w++ {
		go func() {
			for piece := range t.pieces {
				t.fn(piece)
				t.done <- struct{}{}
			}
		}()
	}
	return t
}

// run calls fn(0), fn(1), …, fn(pieces−1), spread over the team, and returns when all have returned.
func (t *team) run(pieces int, fn func(piece int)) {
	t.fn = fn
	sent := 0
	for finished := 0; finished < pieces; finished++ {
		for sent < pieces && sent-finished < cap(t.pieces) {
			t.pieces <- sent
			sent++
		}
		<-t.done
	}
}

// close stops the team's goroutines.
func (t *team) close() { close(t.pieces) }

// parallelFor runs fn(0) … fn(pieces−1) on a team of GOMAXPROCS goroutines made for this call.
func parallelFor(pieces int, fn func(piece int)) {
	t := newTeam(min(runtime.GOMAXPROCS(0), pieces))
	defer t.close()
	t.run(pieces, fn)
}
