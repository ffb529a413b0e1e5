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
// training step uses the Into forms so that it can reuse its buffers step after step.
//
// A shape mistake is a bug in the program, not something a user can cause, so it panics with both
// shapes in the message: "Mul: (13500×2)·(5×3): inner dimensions differ".
//
// How to read this file. Each operation is followed by the loop that defines it. For the three products
// and the sums over rows that loop is the textbook one (mulPlain stands under MulInto, as llm.c keeps
// matmul_forward_naive above matmul_forward), and the program runs it for small sizes; for bigger ones
// it runs a faster loop that adds the same terms in the same order, so the bits are the plain loop's,
// and the tests check that they are. Every other operation runs its own loop, the same code for any
// size, cut into pieces of rows when the matrix is big. All of that lives at the end, below the banner
// "Speed", as BLAS lives inside numpy: how an operation's rows are cut into pieces that run on all
// cores, the products' loops arranged for the processor, and the goroutines that run the pieces. A
// first reading can stop at that banner.
//
// One rule shows in the numbers, so it is stated here: a sum over the rows of a tall matrix (aᵀ·b,
// SumRows, SumRowPairs — every gradient and the loss are such sums) is added up in blocks of
// sumBlock = 1024 rows: each block's rows in order, then the blocks' sums in block order. Up to 1024
// rows that is the plain sum; beyond, it is a fixed grouping — the same bits on any machine and any
// number of cores. numpy's BLAS groups its sums in its own way, which is why our losses and numpy's can
// differ in the last digit.

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
// An i outside the matrix panics (slice bounds out of range).
func (m *Matrix) Row(i int) []float64 {
	lo := i * m.cols
	return m.data[lo : lo+m.cols]
}

// RowsView returns rows lo..hi-1 as a (hi-lo)×cols matrix that shares the storage (numpy: A[lo:hi]).
// Because the layout is row-major the view needs no copy. It panics unless 0 ≤ lo ≤ hi ≤ rows.
func (m *Matrix) RowsView(lo, hi int) *Matrix {
	v := &Matrix{}
	RowsViewInto(v, m, lo, hi)
	return v
}

// RowsViewInto makes dst a view of rows lo..hi-1 of src, as RowsView does, without allocating: dst's
// old contents are not touched, only what dst refers to changes. The training loop uses it to move its
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
			b.WriteString(formatFloat(v))
		}
		b.WriteByte(']')
	}
	b.WriteByte(']')
	return b.String()
}

// formatFloat formats x in the shortest form that reads back as the same float64 — the digits Python's
// repr (and so the post's numpy code under Python 3) prints. Every number this program prints goes
// through it.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// notFinite reports whether x is ±Inf or NaN.
func notFinite(x float64) bool { return math.IsInf(x, 0) || math.IsNaN(x) }

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

// sumBlock is how many rows one block of a sum over rows adds up before its sum joins the others (see
// the top of this file). It is fixed, not derived from the number of cores, so the grouping of every
// sum — and so every bit of the result — is the same on any machine.
const sumBlock = 1024

// plainWork: a product or a sum over rows of at most this many multiply-adds (or adds) — a matrix
// small enough to work by hand, such as the tests' — runs its plain loop; a bigger one runs the loops
// under "Speed", which give the same bits faster and on every core. Up to this size the plain loop
// costs nothing measurable (BenchmarkPlainOrFast: 35–100 ns either way for 2×2·2×5). Beyond it the
// tuned kernels pull ahead — for 6×2·2×5, 160–240 ns against 85–135; for a minibatch of the TensorFlow
// recipe, 100×2·2×5, 2.3 µs against 1.3 — and with the switch at 4096 the recipe's whole run took 0.32 s
// instead of 0.21.
const plainWork = 32

// ---------------------------------------------------------------------------------------------------
// Products. The destination of a product must not share storage with its arguments.

// Mul returns the matrix product a·b (numpy: np.dot(a, b)), an (a.rows)×(b.cols) matrix.
// It panics unless a.cols == b.rows. Cost: 2·a.rows·a.cols·b.cols floating-point operations.
func Mul(a, b *Matrix) *Matrix {
	c := NewMatrix(a.rows, b.cols)
	MulInto(c, a, b)
	return c
}

// MulInto writes a·b into dst, which must be (a.rows)×(b.cols): the loop of mulPlain, below. A big
// product runs mulFast instead (under "Speed"), which adds each element's terms in the same order, so
// the result is mulPlain's to the last bit, on any number of cores.
func MulInto(dst, a, b *Matrix) {
	if a.cols != b.rows {
		panic(fmt.Sprintf("Mul: (%s)·(%s): inner dimensions differ", a.shape(), b.shape()))
	}
	mustShape("Mul", dst, a.rows, b.cols)
	if a.rows*a.cols*b.cols <= plainWork {
		mulPlain(dst, a, b)
		return
	}
	mulFast(dst, a, b)
}

// mulPlain writes a·b into dst by the textbook triple loop, each element's terms added in order
// k = 0, 1, …, n−1:
//
//	dst[i][j] = Σₖ a[i][k]·b[k][j]
func mulPlain(dst, a, b *Matrix) {
	for i := 0; i < a.rows; i++ {
		ai, di := a.Row(i), dst.Row(i)
		for j := range di {
			s := 0.0
			for k, aik := range ai {
				s += aik * b.data[k*b.cols+j] // a[i][k]·b[k][j]
			}
			di[j] = s
		}
	}
}

// MulTransAInto writes aᵀ·b into dst (numpy: np.dot(a.T, b)), an (a.cols)×(b.cols) matrix; a and b
// must have the same number of rows. This is the backward pass's "layer inputᵀ · error signal": a sum
// over the rows, the loop of mulTransAPlain, below. A big one runs mulTransAFast (under "Speed"), which
// groups every sum in the same blocks and adds its terms in the same order: the same bits.
func MulTransAInto(dst, a, b *Matrix) {
	if a.rows != b.rows {
		panic(fmt.Sprintf("MulTransA: (%s)ᵀ·(%s): inner dimensions differ", a.shape(), b.shape()))
	}
	mustShape("MulTransA", dst, a.cols, b.cols)
	if a.rows*a.cols*b.cols <= plainWork {
		mulTransAPlain(dst, a, b)
		return
	}
	mulTransAFast(dst, a, b)
}

// mulTransAPlain writes aᵀ·b into dst, each element a sum over the rows k added up block by block: the
// terms of a block of sumBlock rows in order, then the blocks' sums in order. Up to sumBlock rows it is
// the textbook loop:
//
//	dst[i][j] = Σₖ a[k][i]·b[k][j]
func mulTransAPlain(dst, a, b *Matrix) {
	for i := 0; i < a.cols; i++ {
		for j := 0; j < b.cols; j++ {
			s := 0.0
			for lo := 0; lo < a.rows; lo += sumBlock {
				block := 0.0
				for k := lo; k < min(lo+sumBlock, a.rows); k++ {
					block += a.data[k*a.cols+i] * b.data[k*b.cols+j] // a[k][i]·b[k][j]
				}
				s += block
			}
			dst.data[i*dst.cols+j] = s
		}
	}
}

// MulTransBInto writes a·bᵀ into dst (numpy: np.dot(a, b.T)), an (a.rows)×(b.rows) matrix; a and b must
// have the same number of columns. This is the backward pass's "error signal · Wᵀ": the loop of
// mulTransBPlain, below, which equals MulInto(dst, a, b.T()) to the last bit without allocating bᵀ. A
// big one runs mulTransBFast (under "Speed"): the same bits.
func MulTransBInto(dst, a, b *Matrix) {
	if a.cols != b.cols {
		panic(fmt.Sprintf("MulTransB: (%s)·(%s)ᵀ: inner dimensions differ", a.shape(), b.shape()))
	}
	mustShape("MulTransB", dst, a.rows, b.rows)
	if a.rows*a.cols*b.rows <= plainWork {
		mulTransBPlain(dst, a, b)
		return
	}
	mulTransBFast(dst, a, b)
}

// mulTransBPlain writes a·bᵀ into dst by the textbook triple loop, terms in order k = 0, 1, …, n−1:
//
//	dst[i][j] = Σₖ a[i][k]·b[j][k]     (bᵀ[k][j] is b[j][k])
func mulTransBPlain(dst, a, b *Matrix) {
	for i := 0; i < a.rows; i++ {
		ai, di := a.Row(i), dst.Row(i)
		for j := range di {
			bj := b.Row(j)[:len(ai)]
			s := 0.0
			for k, aik := range ai {
				s += aik * bj[k] // a[i][k]·b[j][k]
			}
			di[j] = s
		}
	}
}

// T returns the transpose of m (numpy: m.T), a new (m.cols)×(m.rows) matrix.
func (m *Matrix) T() *Matrix {
	t := NewMatrix(m.cols, m.rows)
	transposeInto(t, m)
	return t
}

// transposeInto writes mᵀ into t, which must be (m.cols)×(m.rows): t[j][i] = m[i][j].
func transposeInto(t, m *Matrix) {
	mustShape("T", t, m.cols, m.rows)
	for i := 0; i < m.rows; i++ {
		for j, v := range m.Row(i) {
			t.data[j*t.cols+i] = v
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// Elementwise operations. Each Into form may write over one of its arguments (dst == a is fine).
//
// Each is followed by its loop, which the program runs as it stands: over every element for a small
// matrix, or over the elements of one piece of rows at a time, on all cores, for a big one
// (elementwise, under "Speed"). d, a and b are those elements of dst, a and b; s is the scalar.

// Add returns a + b elementwise (numpy: a + b, same shapes). It panics if the shapes differ.
func Add(a, b *Matrix) *Matrix { c := NewMatrix(a.rows, a.cols); AddInto(c, a, b); return c }

// AddInto writes a + b into dst.
func AddInto(dst, a, b *Matrix) {
	mustSameShape("Add", a, b)
	mustSameShape("Add", dst, a)
	elementwise(addLoop, dst, a, b, 0)
}

// addLoop is AddInto's loop: d = a + b.
func addLoop(d, a, b []float64, _ float64) {
	for i, v := range a {
		d[i] = v + b[i]
	}
}

// Sub returns a − b elementwise (numpy: a - b, same shapes). It panics if the shapes differ.
func Sub(a, b *Matrix) *Matrix { c := NewMatrix(a.rows, a.cols); SubInto(c, a, b); return c }

// SubInto writes a − b into dst.
func SubInto(dst, a, b *Matrix) {
	mustSameShape("Sub", a, b)
	mustSameShape("Sub", dst, a)
	elementwise(subLoop, dst, a, b, 0)
}

// subLoop is SubInto's loop: d = a − b.
func subLoop(d, a, b []float64, _ float64) {
	for i, v := range a {
		d[i] = v - b[i]
	}
}

// MulElem returns the elementwise (Hadamard) product a ⊙ b (numpy: a * b, same shapes).
func MulElem(a, b *Matrix) *Matrix { c := NewMatrix(a.rows, a.cols); MulElemInto(c, a, b); return c }

// MulElemInto writes a ⊙ b into dst.
func MulElemInto(dst, a, b *Matrix) {
	mustSameShape("MulElem", a, b)
	mustSameShape("MulElem", dst, a)
	elementwise(mulElemLoop, dst, a, b, 0)
}

// mulElemLoop is MulElemInto's loop: d = a ⊙ b.
func mulElemLoop(d, a, b []float64, _ float64) {
	for i, v := range a {
		d[i] = v * b[i]
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
	elementwise(scaleLoop, dst, a, nil, s)
}

// scaleLoop is ScaleInto's loop: d = s·a.
func scaleLoop(d, a, _ []float64, s float64) {
	for i, v := range a {
		d[i] = s * v
	}
}

// DivScalarInto writes a / s into dst (numpy: a / s). It divides, rather than multiplying by 1/s, so
// that the bits are numpy's.
func DivScalarInto(dst, a *Matrix, s float64) {
	mustSameShape("DivScalar", dst, a)
	elementwise(divScalarLoop, dst, a, nil, s)
}

// divScalarLoop is DivScalarInto's loop: d = a / s.
func divScalarLoop(d, a, _ []float64, s float64) {
	for i, v := range a {
		d[i] = v / s
	}
}

// AddScaledInto writes a + s·b into dst (numpy: a + s * b; with s = −lr it is the post's
// W -= learning_rate * gradient). The product s·b is rounded before the sum, as numpy rounds it.
func AddScaledInto(dst, a *Matrix, s float64, b *Matrix) {
	mustSameShape("AddScaled", a, b)
	mustSameShape("AddScaled", dst, a)
	elementwise(addScaledLoop, dst, a, b, s)
}

// addScaledLoop is AddScaledInto's loop: d = a + s·b.
func addScaledLoop(d, a, b []float64, s float64) {
	for i, v := range a {
		d[i] = v + s*b[i]
	}
}

// AddScaledSignInto writes a + s·sign(b) into dst (numpy: a + s * np.sign(b)), with sign(b) = −1, 0 or
// +1 as b is negative, zero or positive: np.sign(0) = 0 (for −0 too), and a NaN stays NaN.
func AddScaledSignInto(dst, a *Matrix, s float64, b *Matrix) {
	mustSameShape("AddScaledSign", a, b)
	mustSameShape("AddScaledSign", dst, a)
	elementwise(addScaledSignLoop, dst, a, b, s)
}

// addScaledSignLoop is AddScaledSignInto's loop: d = a + s·sign(b).
func addScaledSignLoop(d, a, b []float64, s float64) {
	for i, v := range a {
		d[i] = v + s*sign(b[i])
	}
}

// sign returns −1, 0 or +1 as x is negative, zero (either zero) or positive, and NaN for NaN: numpy's
// np.sign.
func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	case x == 0:
		return 0
	}
	return x // NaN
}

// Apply returns f applied to every element of a (numpy: a ufunc such as np.exp(a)).
func Apply(f func(float64) float64, a *Matrix) *Matrix {
	c := NewMatrix(a.rows, a.cols)
	ApplyInto(c, f, a)
	return c
}

// ApplyInto writes f(a) elementwise into dst. (The training step does not use it, so it runs on one
// core.)
func ApplyInto(dst *Matrix, f func(float64) float64, a *Matrix) {
	mustSameShape("Apply", dst, a)
	for i, v := range a.data {
		dst.data[i] = f(v)
	}
}

// MaximumInto writes max(a, s) elementwise into dst (numpy: np.maximum(a, s)). A NaN stays NaN, as in
// numpy; of −0 and +0, +0 counts as the larger.
func MaximumInto(dst, a *Matrix, s float64) {
	mustSameShape("Maximum", dst, a)
	elementwise(maximumLoop, dst, a, nil, s)
}

// maximumLoop is MaximumInto's loop: d = max(a, s), with Go's max, which treats NaN and ±0 as above.
func maximumLoop(d, a, _ []float64, s float64) {
	for i, v := range a {
		d[i] = max(v, s)
	}
}

// KeepWherePositiveInto writes a where mask > 0, and +0 elsewhere, into dst (numpy: np.where(mask > 0,
// a, 0); in place, dst == a, it is a[mask <= 0] = 0).
func KeepWherePositiveInto(dst, a, mask *Matrix) {
	mustSameShape("KeepWherePositive", a, mask)
	mustSameShape("KeepWherePositive", dst, a)
	elementwise(keepWherePositiveLoop, dst, a, mask, 0)
}

// keepWherePositiveLoop is KeepWherePositiveInto's loop, the one loop of this part with a speed trick:
//
//	if mask[i] > 0 { d[i] = a[i] } else { d[i] = 0 }
//
// written without a branch: a[i]'s bits are and-ed with all ones (kept) or all zeros (+0), so there is
// no branch to guess wrong — for the ReLU's mask about half the units are off, in no pattern.
// BenchmarkMask measures both on the post's [13500 x 5]: 36 µs against 240 µs for the branch.
func keepWherePositiveLoop(d, a, mask []float64, _ float64) {
	for i, m := range mask {
		var bits uint64 // all zeros: +0
		if m > 0 {
			bits = ^uint64(0) // all ones: a[i] as it is
		}
		d[i] = math.Float64frombits(math.Float64bits(a[i]) & bits)
	}
}

// ---------------------------------------------------------------------------------------------------
// Broadcasting and sums, each named after the numpy expression it replaces.

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
	elementwise(addRowVectorLoop, dst, a, b, 0)
}

// addRowVectorLoop is AddRowVectorInto's loop: d and a hold whole rows, b is the one row added to each,
// d[i][j] = a[i][j] + b[j]. It is one flat loop over the elements, k counting the column, rather than a
// loop per row only a few columns long.
func addRowVectorLoop(d, a, b []float64, _ float64) {
	k := 0
	for i, v := range a {
		d[i] = v + b[k]
		if k++; k == len(b) {
			k = 0
		}
	}
}

// SumRows returns the 1×c row of column sums of the r×c matrix a (numpy: np.sum(a, axis=0,
// keepdims=True)): dst[0][j] = Σₖ a[k][j], a sum over the rows k, added up in blocks of sumBlock rows.
func SumRows(a *Matrix) *Matrix { c := NewMatrix(1, a.cols); SumRowsInto(c, a); return c }

// SumRowsInto writes the column sums of a into the 1×c matrix dst: the loop of sumRowsPlain, below. A
// big a runs sumRowsFast (under "Speed"), which groups and orders every sum as sumRowsPlain does: the
// same bits.
func SumRowsInto(dst, a *Matrix) {
	mustShape("SumRows", dst, 1, a.cols)
	if a.rows*a.cols <= plainWork {
		sumRowsPlain(dst, a)
		return
	}
	sumRowsFast(dst, a)
}

// sumRowsPlain writes the column sums of a into dst, added up block by block: the rows of a block of
// sumBlock in order, then the blocks' sums in order.
func sumRowsPlain(dst, a *Matrix) {
	for j := 0; j < a.cols; j++ {
		s := 0.0
		for lo := 0; lo < a.rows; lo += sumBlock {
			block := 0.0
			for k := lo; k < min(lo+sumBlock, a.rows); k++ {
				block += a.data[k*a.cols+j] // a[k][j]
			}
			s += block
		}
		dst.data[j] = s
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
// Row by row: an operation that treats each row on its own (softmax, the loss of one example) is
// written as a function of rows and given to these.

// MapRowsInto calls f(dst rows, a rows) on views of the same consecutive rows of dst and a, until every
// row has been seen: f must treat each row on its own, writing the rows of dst from the rows of a
// (numpy: an expression that works along axis 1, as softmax does). dst == a is fine when f allows it.
//
// What it computes is f(*dst, *a), one call on all the rows, which is what it does for a small matrix.
// A big one is cut into pieces of rows that run at the same time on several cores (mapRowPieces, under
// "Speed"), so f must not call the operations of this file.
func MapRowsInto(dst, a *Matrix, f func(dst, a Matrix)) {
	if dst.rows != a.rows {
		panic(fmt.Sprintf("MapRows: (%s) from (%s): row counts differ", dst.shape(), a.shape()))
	}
	mapRowPieces(dst, a, f)
}

// SumRowPairs returns Σᵢ f(a row i, b row i), a sum over the rows added up in blocks of sumBlock rows:
// the loop of sumRowPairsPlain, below. The loss is such a sum: one term per training row. More than one
// block runs sumRowPairsFast (under "Speed"), which sums the blocks on all cores: the same bits.
func SumRowPairs(a, b *Matrix, f func(a, b []float64) float64) float64 {
	if a.rows != b.rows {
		panic(fmt.Sprintf("SumRowPairs: (%s) and (%s): row counts differ", a.shape(), b.shape()))
	}
	if a.rows <= sumBlock {
		return sumRowPairsPlain(a, b, f)
	}
	return sumRowPairsFast(a, b, f)
}

// sumRowPairsPlain returns Σᵢ f(a row i, b row i), added up block by block: the rows of a block of
// sumBlock in order, then the blocks' sums in order. Up to sumBlock rows, the plain sum.
func sumRowPairsPlain(a, b *Matrix, f func(a, b []float64) float64) float64 {
	s := 0.0
	for lo := 0; lo < a.rows; lo += sumBlock {
		block := 0.0
		for i := lo; i < min(lo+sumBlock, a.rows); i++ {
			block += f(a.Row(i), b.Row(i))
		}
		s += block
	}
	return s
}

// ===================================================================================================
// Speed. A first reading can stop here.
//
// Everything below makes the operations above fast without changing what they compute. Two ideas:
//
//  1. All cores. A big operation's rows are cut into pieces that a pool of goroutines (workers) runs at
//     once. A piece writes only its own rows of the result, so how the pieces are shared out among the
//     cores cannot change a bit. A sum over rows is cut into blocks of sumBlock rows, a number that does
//     not depend on the machine; each block's sum lands in a slot of its own, and the slots are added
//     in block order afterwards.
//  2. Loops arranged for the processor: the products keep a tile of data in the cache, or the loop over
//     rows innermost for results only a few columns wide, and several independent sums side by side.
//     Every such kernel sums each element's terms in the plain loop's order, so the bits are the plain
//     loop's (mulPlain, mulTransAPlain, mulTransBPlain, sumRowsPlain, sumRowPairsPlain above), and the
//     tests compare them bit for bit.
// ===================================================================================================

// Sizes for splitting work into pieces. A piece is worth handing to another core when it does at least
// pieceWork simple operations (a hand-over costs about a microsecond; pieceWork about ten). These sizes
// never change a result, only the speed.
const (
	pieceWork    = 1 << 12
	mulRowBlock  = 64 // rows per piece of a wide product, so that each row of b's tile is reused 64 times
	minPieceRows = 16 // the fewest rows in a piece: the product kernels work on several rows at once
)

// job is one operation being run in pieces: which kernel, and its arguments. Kernels and loops are
// top-level functions, not closures, so starting a job allocates nothing.
type job struct {
	kernel func(j job, lo, hi int) // computes rows lo..hi-1 (for a sum over rows: one block, into its slot)
	dst    *Matrix
	a, b   *Matrix
	s      float64
	loop   func(d, a, b []float64, s float64) // an elementwise operation's loop
	fm     func(dst, a Matrix)                // MapRowsInto's f
	fs     func(a, b []float64) float64       // SumRowPairs's f
	// for a sum over rows
	first int       // the first block of this round
	size  int       // the size of one block's sum
	slots []float64 // one slot of size numbers per block of this round
	// transposed: each slot holds its block's sum transposed (aᵀ·b computed as (bᵀ·a)ᵀ)
	transposed bool
}

// rowsPerPiece is how many rows make a piece of about pieceWork operations, when each row costs
// workPerRow.
func rowsPerPiece(workPerRow int) int { return max(minPieceRows, pieceWork/max(1, workPerRow)) }

// runRows runs j.kernel over rows 0 … rows−1: in one call when they fit in one piece of per rows, else
// in pieces of per rows spread over the workers.
func runRows(j job, rows, per int) {
	if rows <= per {
		j.kernel(j, 0, rows)
		return
	}
	workers.mu.Lock()
	defer workers.mu.Unlock()
	workers.runPieces(j, rows, per, 0, true)
}

// elementwise runs an elementwise operation's loop over all of a's rows, a piece of rows at a time.
func elementwise(loop func(d, a, b []float64, s float64), dst, a, b *Matrix, s float64) {
	runRows(job{kernel: elementwisePiece, loop: loop, dst: dst, a: a, b: b, s: s}, a.rows, rowsPerPiece(a.cols))
}

// elementwisePiece runs j.loop on the elements of rows lo..hi-1 of dst, a and b — or of all of b, when
// b is a row vector broadcast down a's rows (AddRowVector).
func elementwisePiece(j job, lo, hi int) {
	c := j.a.cols
	var b []float64
	if j.b != nil {
		b = j.b.data
		if j.b.rows == j.a.rows {
			b = b[lo*c : hi*c]
		}
	}
	j.loop(j.dst.data[lo*c:hi*c], j.a.data[lo*c:hi*c], b, j.s)
}

// mapRowPieces runs MapRowsInto: f on pieces of rows, about 8 operations an element.
func mapRowPieces(dst, a *Matrix, f func(dst, a Matrix)) {
	runRows(job{kernel: mapRowsKernel, dst: dst, a: a, fm: f}, a.rows, rowsPerPiece(8*a.cols))
}

func mapRowsKernel(j job, lo, hi int) {
	var d, a Matrix
	RowsViewInto(&d, j.dst, lo, hi)
	RowsViewInto(&a, j.a, lo, hi)
	j.fm(d, a)
}

// sumOverRows computes a sum over rows 0 … rows−1 into out: each block of sumBlock rows is summed by
// j.kernel into a slot of its own, and the slots are added in block order. A single block is summed
// straight into out. workPerRow says what a row costs, to decide whether the blocks are worth sharing
// out among the cores.
func sumOverRows(j job, out []float64, rows, workPerRow int) {
	if rows <= sumBlock && !j.transposed {
		j.slots, j.size = out, len(out)
		j.kernel(j, 0, rows)
		return
	}
	workers.mu.Lock()
	defer workers.mu.Unlock()
	sumOverRowsLocked(j, out, rows, workPerRow)
}

// sumOverRowsLocked is sumOverRows with workers.mu held. Blocks are run in rounds of at most maxSlots,
// so the memory for slots stays bounded however tall the matrix; that does not change the order of the
// additions.
func sumOverRowsLocked(j job, out []float64, rows, workPerRow int) {
	size := len(out)
	blocks := (rows + sumBlock - 1) / sumBlock
	parallel := rows*workPerRow >= 2*pieceWork
	clear(out)
	for first := 0; first < blocks; first += maxSlots {
		n := min(maxSlots, blocks-first)
		j.first, j.size, j.slots = first, size, workers.scratch(n*size)
		workers.runPieces(j, min(rows, (first+n)*sumBlock)-first*sumBlock, sumBlock, first*sumBlock, parallel)
		for s := 0; s < n; s++ { // out += slot, in block order
			slot := j.slots[s*size : (s+1)*size]
			if j.transposed {
				addTransposed(out, slot, j.dst.rows, j.dst.cols)
				continue
			}
			for i, v := range slot {
				out[i] += v
			}
		}
	}
}

// addTransposed adds the transpose of the c×r matrix t to the r×c matrix out, both row-major.
func addTransposed(out, t []float64, r, c int) {
	for i := 0; i < r; i++ {
		for k := 0; k < c; k++ {
			out[i*c+k] += t[k*r+i]
		}
	}
}

// maxSlots is the most blocks of a sum over rows computed at once.
const maxSlots = 32

// slot returns where the block starting at row lo writes its sum.
func (j job) slot(lo int) []float64 {
	s := lo/sumBlock - j.first
	return j.slots[s*j.size : (s+1)*j.size]
}

// ---------------------------------------------------------------------------------------------------
// Sums over rows.

// sumRowsFast computes SumRowsInto(dst, a), the blocks summed by sumColumns.
func sumRowsFast(dst, a *Matrix) {
	sumOverRows(job{kernel: sumRowsKernel, a: a}, dst.data, a.rows, a.cols)
}

// sumRowPairsFast computes SumRowPairs(a, b, f) for more than one block of rows.
func sumRowPairsFast(a, b *Matrix, f func(a, b []float64) float64) float64 {
	workers.mu.Lock()
	defer workers.mu.Unlock()
	total := workers.total[:]
	sumOverRowsLocked(job{kernel: sumRowPairsKernel, a: a, b: b, fs: f}, total, a.rows, a.cols+b.cols)
	return total[0]
}

// sumRowPairsKernel sums f over rows lo..hi-1, in order, into the block's slot.
func sumRowPairsKernel(j job, lo, hi int) {
	s := 0.0
	for i := lo; i < hi; i++ {
		s += j.fs(j.a.Row(i), j.b.Row(i))
	}
	j.slot(lo)[0] = s
}

// sumRowsKernel sums rows lo..hi-1 of a, column by column, into the block's slot.
func sumRowsKernel(j job, lo, hi int) {
	a := j.a
	sums, data := j.slot(lo), a.data[lo*a.cols:hi*a.cols]
	for c := 0; c < a.cols; c += 4 {
		sumColumns(sums[c:min(c+4, a.cols)], data, c, a.cols)
	}
}

// sumColumns sums the len(sums) ≤ 4 columns j, j+1, … of the row-major data with c columns into sums.
//
// Speed trick, equal to adding row after row: the columns are summed side by side, each in its own
// accumulator, so no addition waits for the one before it; each column is still summed from the first
// row down.
func sumColumns(sums, data []float64, j, c int) {
	var s0, s1, s2, s3 float64
	switch len(sums) {
	case 4:
		for r := j; r+4 <= len(data); r += c {
			x := (*[4]float64)(data[r : r+4])
			s0, s1, s2, s3 = s0+x[0], s1+x[1], s2+x[2], s3+x[3]
		}
		sums[0], sums[1], sums[2], sums[3] = s0, s1, s2, s3
	case 3:
		for r := j; r+3 <= len(data); r += c {
			x := (*[3]float64)(data[r : r+3])
			s0, s1, s2 = s0+x[0], s1+x[1], s2+x[2]
		}
		sums[0], sums[1], sums[2] = s0, s1, s2
	case 2:
		for r := j; r+2 <= len(data); r += c {
			x := (*[2]float64)(data[r : r+2])
			s0, s1 = s0+x[0], s1+x[1]
		}
		sums[0], sums[1] = s0, s1
	case 1:
		for r := j; r < len(data); r += c {
			s0 += data[r]
		}
		sums[0] = s0
	}
}

// ---------------------------------------------------------------------------------------------------
// Product kernels.

// narrowCols: a product whose result has fewer columns than this is computed by mulColumns, which runs
// the loop over rows innermost; a wider one by mulRows, which tiles the loops for the cache.
const narrowCols = 16

// mulFast computes dst = a·b (MulInto) on all cores: the same bits as mulPlain.
func mulFast(dst, a, b *Matrix) {
	if b.cols < narrowCols && a.cols < narrowCols {
		runRows(job{kernel: mulColumnsKernel, dst: dst, a: a, b: b}, a.rows, rowsPerPiece(a.cols*b.cols))
		return
	}
	if b.cols < narrowCols {
		runRows(job{kernel: mulDotsKernel, dst: dst, a: a, b: b}, a.rows, rowsPerPiece(a.cols*b.cols))
		return
	}
	if a.rows*a.cols*b.cols < 2*pieceWork {
		mulRows(dst, a, b, 0, a.rows)
		return
	}
	runRows(job{kernel: mulRowsKernel, dst: dst, a: a, b: b}, a.rows, mulRowBlock)
}

// mulTransBFast computes dst = a·bᵀ (MulTransBInto). A narrow result reads bᵀ's elements straight from b;
// a wide one first copies bᵀ into scratch space — b is a weight matrix, small beside a — and then runs
// the wide product kernel.
func mulTransBFast(dst, a, b *Matrix) {
	if b.rows < narrowCols {
		runRows(job{kernel: mulTransBColumnsKernel, dst: dst, a: a, b: b}, a.rows, rowsPerPiece(a.cols*b.rows))
		return
	}
	workers.mu.Lock()
	defer workers.mu.Unlock()
	bt := &workers.bt
	*bt = Matrix{rows: b.cols, cols: b.rows, data: workers.scratch(b.rows * b.cols)}
	transposeInto(bt, b)
	parallel := a.rows*a.cols*b.rows >= 2*pieceWork
	workers.runPieces(job{kernel: mulRowsKernel, dst: dst, a: a, b: bt}, a.rows, mulRowBlock, 0, parallel)
}

// mulTransAFast computes dst = aᵀ·b (MulTransAInto) as a sum over rows: each block of rows gives its
// partial product, and the partials are added in block order.
//
// For a wide a and a narrower b (a hidden layer of 256 and 10 classes) each block computes bᵀ·a instead,
// whose rows are long — the shape mulTransARows is fast for — and the blocks' sums are added to dst
// transposed. Each element is the same sum: b[k][j]·a[k][i] is a[k][i]·b[k][j] to the last bit, and the
// terms come in the same order.
func mulTransAFast(dst, a, b *Matrix) {
	j := job{kernel: mulTransAKernel, dst: dst, a: a, b: b}
	j.transposed = a.cols > narrowTransA && b.cols < a.cols
	sumOverRows(j, dst.data, a.rows, a.cols*b.cols)
}

func mulColumnsKernel(j job, lo, hi int) {
	mulColumns(j.dst, j.a, j.b.data, j.b.cols, 1, lo, hi) // b's element (k, c) is b.data[k*b.cols + c]
}

func mulTransBColumnsKernel(j job, lo, hi int) {
	mulColumns(j.dst, j.a, j.b.data, 1, j.b.cols, lo, hi) // bᵀ's element (k, c) is b.data[c*b.cols + k]
}

func mulRowsKernel(j job, lo, hi int) { mulRows(j.dst, j.a, j.b, lo, hi) }

func mulDotsKernel(j job, lo, hi int) { mulDots(j.dst, j.a, j.b, lo, hi) }

// mulTransAKernel computes the block of rows lo..hi-1's share of aᵀ·b into the block's slot.
func mulTransAKernel(j job, lo, hi int) {
	part := Matrix{rows: j.dst.rows, cols: j.dst.cols, data: j.slot(lo)}
	if j.transposed {
		part.rows, part.cols = part.cols, part.rows
		mulTransARows(&part, j.b, j.a, lo, hi)
	} else if j.a.cols <= narrowTransA {
		mulTransAColumns(&part, j.a, j.b, lo, hi)
	} else {
		mulTransARows(&part, j.a, j.b, lo, hi)
	}
}

// narrowTransA: aᵀ·b for an a this narrow (the post's inputs and hidden layer) is summed down the columns
// (mulTransAColumns); for a wider a, row by row (mulTransARows), which reads a in order.
const narrowTransA = 8

// Sizes of mulRows's tiles: a kTile×jTile tile of b is 128·256·8 bytes = 256 KiB, which stays in the
// cache while every row of a piece passes over it.
const (
	mulKTile = 128
	mulJTile = 256
)

// mulRows computes rows lo..hi-1 of dst = a·b, for wide results.
//
// Speed trick, equal to the plain loop to the last bit. The plain loop is
//
//	for i { for j { s := 0.0; for k { s += a[i][k]*b[k][j] }; dst[i][j] = s } }
//
// Here the loops are reordered so that the innermost loop walks a row of b and a row of dst
// contiguously; k is taken four at a time, so one pass over a dst row adds four terms (addTerms); and k
// and j are cut into tiles so that a tile of b stays in the cache. None of this changes the order in
// which one dst[i][j] receives its terms — still k = 0, 1, 2, … — so every rounding is the plain loop's.
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
				for k := k0; k < k1; k += 4 {
					terms := min(4, k1-k)
					var bk [4][]float64 // rows k … k+terms−1 of b, columns j0 … j1−1
					for t := 0; t < terms; t++ {
						bk[t] = b.data[(k+t)*p+j0 : (k+t)*p+j1]
					}
					addTerms(c, ai[k:k+terms], bk[0], bk[1], bk[2], bk[3])
				}
			}
		}
	}
}

// addTerms adds up to four terms to each element of the row c, left to right:
//
//	c[j] = c[j] + x[0]·b0[j] + x[1]·b1[j] + x[2]·b2[j] + x[3]·b3[j]   (len(x) terms)
//
// Go evaluates the sum left to right, so this rounds exactly as four separate c[j] += … would, while
// loading and storing c[j] once instead of four times.
//
// The four-term loop does two elements per pass. On this machine's processor (AMD EPYC, family 26) the
// one-element loop ran at two speeds depending on where the linker happened to place it: 37% slower
// when the function started at an odd multiple of 32 bytes (the wide job on one core, 25 steps: 4.85 s
// against 3.55 s; an unrelated edit elsewhere in the file moves it). With two elements per pass both
// placements ran 3.45–3.51 s. Each c[j] is still the same expression, so the bits do not change.
func addTerms(c, x, b0, b1, b2, b3 []float64) {
	switch len(x) {
	case 4:
		x0, x1, x2, x3 := x[0], x[1], x[2], x[3]
		b0, b1, b2, b3 = b0[:len(c)], b1[:len(c)], b2[:len(c)], b3[:len(c)]
		j := 0
		for ; j+1 < len(c); j += 2 {
			cj := c[j] + x0*b0[j] + x1*b1[j] + x2*b2[j] + x3*b3[j]
			cj1 := c[j+1] + x0*b0[j+1] + x1*b1[j+1] + x2*b2[j+1] + x3*b3[j+1]
			c[j], c[j+1] = cj, cj1
		}
		if j < len(c) { // odd length: the last element
			c[j] = c[j] + x0*b0[j] + x1*b1[j] + x2*b2[j] + x3*b3[j]
		}
	case 3:
		x0, x1, x2 := x[0], x[1], x[2]
		b0, b1, b2 = b0[:len(c)], b1[:len(c)], b2[:len(c)]
		for j := range c {
			c[j] = c[j] + x0*b0[j] + x1*b1[j] + x2*b2[j]
		}
	case 2:
		x0, x1 := x[0], x[1]
		b0, b1 = b0[:len(c)], b1[:len(c)]
		for j := range c {
			c[j] = c[j] + x0*b0[j] + x1*b1[j]
		}
	case 1:
		x0 := x[0]
		b0 = b0[:len(c)]
		for j := range c {
			c[j] += x0 * b0[j]
		}
	}
}

// mulColumns computes rows lo..hi-1 of dst = a·B, where B is the n×p matrix whose element (k, j) is
// bData[k*bk + j*bj] (bk = p, bj = 1 for a matrix b; bk = 1, bj = n for bᵀ). It is meant for results
// only a few columns wide, such as the post's [N x 5] and [N x 3].
//
// Speed trick, equal to the plain loop to the last bit. A row-by-row loop would spend its time starting
// loops only 3 or 5 long. Here the loop over rows is the innermost one: for one output column j and
// four k at a time, the four numbers B[k][j] … B[k+3][j] stay in registers while every row passes, each
// adding its four terms in order, k = 0, 1, 2, …, so every dst[i][j] is rounded as the plain loop rounds
// it.
func mulColumns(dst, a *Matrix, bData []float64, bk, bj int, lo, hi int) {
	n, p := a.cols, dst.cols
	ad := a.data[lo*n : hi*n]
	dd := dst.data[lo*p : hi*p]
	clear(dd)
	for j := 0; j < p; j++ {
		for k := 0; k < n; k += 4 {
			at := func(t int) float64 { return bData[(k+t)*bk+j*bj] }
			// i walks column j of dst; r walks row i of a from column k; x is a[i][k…k+3].
			switch min(4, n-k) {
			case 4:
				b0, b1, b2, b3 := at(0), at(1), at(2), at(3)
				for i, r := j, k; i < len(dd) && r+4 <= len(ad); i, r = i+p, r+n {
					x := (*[4]float64)(ad[r : r+4])
					dd[i] = dd[i] + x[0]*b0 + x[1]*b1 + x[2]*b2 + x[3]*b3
				}
			case 3:
				b0, b1, b2 := at(0), at(1), at(2)
				for i, r := j, k; i < len(dd) && r+3 <= len(ad); i, r = i+p, r+n {
					x := (*[3]float64)(ad[r : r+3])
					dd[i] = dd[i] + x[0]*b0 + x[1]*b1 + x[2]*b2
				}
			case 2:
				b0, b1 := at(0), at(1)
				for i, r := j, k; i < len(dd) && r+2 <= len(ad); i, r = i+p, r+n {
					x := (*[2]float64)(ad[r : r+2])
					dd[i] = dd[i] + x[0]*b0 + x[1]*b1
				}
			case 1:
				b0 := at(0)
				for i, r := j, k; i < len(dd) && r < len(ad); i, r = i+p, r+n {
					dd[i] = dd[i] + ad[r]*b0
				}
			}
		}
	}
}

// mulDots computes rows lo..hi-1 of dst = a·b for a result a few columns wide and a long inner
// dimension (a hidden layer of 256 times its weights to 10 classes): every element is the dot product of
// a row of a and a column of b, summed in order, k = 0, 1, …, n−1, as the plain loop sums it.
//
// Speed trick: two rows of a and two columns of b at a time, four sums side by side in registers, so
// that each number loaded serves two multiplications and no addition waits for the one before. (Four
// columns at a time need more registers than amd64 has, and measured slower.)
func mulDots(dst, a, b *Matrix, lo, hi int) {
	n, p := a.cols, b.cols
	bd := b.data
	i := lo
	for ; i+2 <= hi; i += 2 {
		a0, a1 := a.data[i*n:(i+1)*n], a.data[(i+1)*n:(i+2)*n]
		a1 = a1[:len(a0)]
		d0, d1 := dst.data[i*p:(i+1)*p], dst.data[(i+1)*p:(i+2)*p]
		j := 0
		for ; j+2 <= p; j += 2 {
			var s00, s01, s10, s11 float64
			q := j // walks b[k][j]
			for k, x0 := range a0 {
				x1 := a1[k]
				bk := (*[2]float64)(bd[q : q+2])
				s00, s01 = s00+x0*bk[0], s01+x0*bk[1]
				s10, s11 = s10+x1*bk[0], s11+x1*bk[1]
				q += p
			}
			d0[j], d0[j+1], d1[j], d1[j+1] = s00, s01, s10, s11
		}
		if j < p { // an odd last column
			var s0, s1 float64
			q := j
			for k, x0 := range a0 {
				s0, s1 = s0+x0*bd[q], s1+a1[k]*bd[q]
				q += p
			}
			d0[j], d1[j] = s0, s1
		}
	}
	for ; i < hi; i++ { // an odd last row
		ai, di := a.data[i*n:(i+1)*n], dst.data[i*p:(i+1)*p]
		for c := range di {
			s := 0.0
			for k, x := range ai {
				s += x * bd[k*p+c]
			}
			di[c] = s
		}
	}
}

// mulTransARows computes the rows lo..hi-1 share of dst = aᵀ·b row by row of a and b: rows k of a and b
// together give every term with that k, dst[i][j] += a[k][i]·b[k][j]. The rows are taken four at a
// time, in order, and addTerms adds each group's four terms to a row of dst left to right, so every
// dst[i][j] receives its terms in order, k = lo, lo+1, ….
func mulTransARows(dst, a, b *Matrix, lo, hi int) {
	clear(dst.data)
	for k := lo; k < hi; k += 4 {
		terms := min(4, hi-k)
		var bk [4][]float64 // rows k … k+terms−1 of b
		for t := 0; t < terms; t++ {
			bk[t] = b.Row(k + t)
		}
		for i := 0; i < a.cols; i++ {
			var aki [4]float64 // column i of a, rows k … k+terms−1
			for t := 0; t < terms; t++ {
				aki[t] = a.data[(k+t)*a.cols+i]
			}
			addTerms(dst.Row(i), aki[:terms], bk[0], bk[1], bk[2], bk[3])
		}
	}
}

// mulTransAColumns computes the rows lo..hi-1 share of dst = aᵀ·b as sums down the columns:
// dst[i][j] = Σₖ a[k][i]·b[k][j]. Four of them (four j) are summed side by side in four accumulators, so
// each addition need not wait for the one before it, and each still adds its terms in order.
func mulTransAColumns(dst, a, b *Matrix, lo, hi int) {
	ac, bc := a.cols, b.cols
	ad, bd := a.data[lo*ac:hi*ac], b.data[lo*bc:hi*bc]
	for i := 0; i < ac; i++ {
		di := dst.Row(i)
		for j := 0; j < bc; j += 4 {
			var s0, s1, s2, s3 float64
			// r walks column i of a, q walks row k of b from column j
			switch min(4, bc-j) {
			case 4:
				for r, q := i, j; r < len(ad) && q+3 < len(bd); r, q = r+ac, q+bc {
					x := ad[r]
					s0, s1, s2, s3 = s0+x*bd[q], s1+x*bd[q+1], s2+x*bd[q+2], s3+x*bd[q+3]
				}
				di[j], di[j+1], di[j+2], di[j+3] = s0, s1, s2, s3
			case 3:
				for r, q := i, j; r < len(ad) && q+2 < len(bd); r, q = r+ac, q+bc {
					x := ad[r]
					s0, s1, s2 = s0+x*bd[q], s1+x*bd[q+1], s2+x*bd[q+2]
				}
				di[j], di[j+1], di[j+2] = s0, s1, s2
			case 2:
				for r, q := i, j; r < len(ad) && q+1 < len(bd); r, q = r+ac, q+bc {
					x := ad[r]
					s0, s1 = s0+x*bd[q], s1+x*bd[q+1]
				}
				di[j], di[j+1] = s0, s1
			case 1:
				for r, q := i, j; r < len(ad) && q < len(bd); r, q = r+ac, q+bc {
					s0 += ad[r] * bd[q]
				}
				di[j] = s0
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// The workers.

// workerPool runs the pieces of one job at a time on every core: the caller and one helper goroutine per
// other core take pieces until none is left. The helpers start on first use. Between jobs they wait,
// first spinning for a short while, because the training step starts its operations one right after
// another and a sleeping goroutine takes tens of microseconds to wake; then asleep, so an idle program
// uses no processor.
//
// One word, ticket, says which job is running and which of its pieces is next. A piece is taken by
// moving ticket on by one, and only if its job number is still the one the taker came for, so a helper
// that wakes late finds that job over and takes nothing. The caller therefore waits for the pieces
// still being run, never for a helper the system has not scheduled yet, and when every helper is late
// it runs all the pieces itself.
type workerPool struct {
	mu      sync.Mutex    // held for a whole job, so one job runs at a time and one scratch buffer serves all
	helpers int           // helper goroutines started
	wake    chan struct{} // a sleeping helper waits here; the caller drops in one token per helper per job
	job     job           // the job being run, read by whoever takes one of its pieces
	per     int           // rows per piece
	rows    int           // rows in all
	offset  int           // the row the first piece starts at
	_       [64]byte      // ticket and done on a cache line of their own: every core updates them for every piece
	ticket  atomic.Uint64 // job number << 32 | pieces << 16 | next piece
	done    atomic.Int64  // pieces of this job finished
	_       [48]byte
	buf     []float64  // scratch space, grown as needed, never shrunk: slots of sums, bᵀ for MulTransB
	bt      Matrix     // bᵀ for MulTransB, in buf
	total   [1]float64 // SumRowPairs's result
}

// workers is the program's one pool, like the threads inside a BLAS library.
var workers workerPool

// maxPieces is the most pieces a job is cut into (the ticket keeps their count in 16 bits).
const maxPieces = 1<<16 - 1

// spinFor is how many times a helper checks for a new job before it goes to sleep: a few tens of
// microseconds, longer than the gaps between the operations of a training step.
const spinFor = 1 << 14

// runPieces runs j over rows offset … offset+rows−1 in pieces of per rows — on every core if parallel,
// else in the caller alone — and returns when all are done. w.mu must be held.
func (w *workerPool) runPieces(j job, rows, per, offset int, parallel bool) {
	per = max(per, (rows+maxPieces-1)/maxPieces)
	pieces := (rows + per - 1) / per
	procs := runtime.GOMAXPROCS(0)
	if !parallel || pieces == 1 || procs == 1 {
		for lo := offset; lo < offset+rows; lo += per {
			j.kernel(j, lo, min(lo+per, offset+rows))
		}
		return
	}
	for ; w.helpers < procs-1; w.helpers++ {
		if w.wake == nil {
			w.wake = make(chan struct{}, runtime.NumCPU())
		}
		go w.helperLoop(w.ticket.Load() >> 32)
	}
	w.job, w.rows, w.per, w.offset = j, rows, per, offset
	w.done.Store(0)
	number := w.ticket.Load()>>32 + 1
	w.ticket.Store(number<<32 | uint64(pieces)<<16) // from here on, the pieces can be taken
	for i := 0; i < w.helpers; i++ {
		select {
		case w.wake <- struct{}{}:
		default: // enough tokens are waiting already
		}
	}
	w.takePieces(number)
	for spins := 0; w.done.Load() < int64(pieces); spins++ { // a helper is still running a piece
		if spins%64 == 63 {
			runtime.Gosched()
		}
	}
	w.job = job{} // let go of the matrices
}

// takePieces takes pieces of job number and runs them until none is left, or that job is over.
func (w *workerPool) takePieces(number uint64) {
	for {
		t := w.ticket.Load()
		next, pieces := int(t&0xffff), int(t>>16&0xffff)
		if t>>32 != number || next >= pieces {
			return
		}
		if !w.ticket.CompareAndSwap(t, t+1) {
			continue // another core took it first
		}
		lo := w.offset + next*w.per // the job cannot end, nor w change, before this piece is done
		w.job.kernel(w.job, lo, min(lo+w.per, w.offset+w.rows))
		w.done.Add(1)
	}
}

// helperLoop is a helper goroutine: whenever a new job number appears it takes pieces of that job.
// After spinFor checks without one it sleeps until the caller's next token.
func (w *workerPool) helperLoop(seen uint64) {
	for spins := 0; ; spins++ {
		if number := w.ticket.Load() >> 32; number != seen {
			seen, spins = number, 0
			w.takePieces(number)
		} else if spins == spinFor {
			<-w.wake
			spins = 0
		} else if spins%64 == 63 {
			runtime.Gosched() // let other goroutines have this core now and then
		}
	}
}

// scratch returns n float64s of scratch space; w.mu must be held.
func (w *workerPool) scratch(n int) []float64 {
	if cap(w.buf) < n {
		w.buf = make([]float64, n)
	}
	return w.buf[:n]
}
