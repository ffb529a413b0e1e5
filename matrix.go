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
// An i outside the matrix panics (slice bounds out of range). Row is small enough for the compiler to
// inline, so loops may call it for every row.
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
			b.WriteString(formatFloat(v))
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
// cores. How it is made fast without changing a single rounding is the business of mulRows (for wide
// results) and mulColumns (for results a few columns wide, like the post's [N x 5] and [N x 3]).
// Products of at least parallelMinFlops floating-point operations are split by rows over all cores.
func MulInto(dst, a, b *Matrix) {
	if a.cols != b.rows {
		panic(fmt.Sprintf("Mul: (%s)·(%s): inner dimensions differ", a.shape(), b.shape()))
	}
	mustShape("Mul", dst, a.rows, b.cols)
	switch {
	case b.cols < narrowCols:
		mulColumnsSplit(dst, a, b.data, b.cols, 1) // b's element (k, j) is b.data[k*b.cols + j]
	case !worthSplitting(dst, a):
		mulRows(dst, a, b, 0, dst.rows)
	default:
		parallelRowBlocks(dst.rows, func(lo, hi int) { mulRows(dst, a, b, lo, hi) })
	}
}

// MulTransBInto writes a·bᵀ into dst (numpy: np.dot(a, b.T)), an (a.rows)×(b.rows) matrix; a and b must
// have the same number of columns. This is the backward pass's "error signal · Wᵀ".
//
// Speed trick: equal to MulInto(dst, a, b.T()) to the last bit, without building bᵀ: mulColumns reads
// element (k, j) of bᵀ straight from b, as b.data[j*b.cols + k], and sums in the same order as Mul.
func MulTransBInto(dst, a, b *Matrix) {
	if a.cols != b.cols {
		panic(fmt.Sprintf("MulTransB: (%s)·(%s)ᵀ: inner dimensions differ", a.shape(), b.shape()))
	}
	mustShape("MulTransB", dst, a.rows, b.rows)
	mulColumnsSplit(dst, a, b.data, 1, b.cols) // bᵀ's element (k, j) is b.data[j*b.cols + k]
}

// LinearInto writes a·b + bias into dst (numpy: np.dot(a, b) + bias, bias of shape (1, c)): a dense
// layer's output, an (a.rows)×(b.cols) matrix. It panics unless a.cols == b.rows and bias is 1×(b.cols).
//
// Speed trick, equal to MulInto(dst, a, b) followed by AddRowVectorInto(dst, dst, bias) to the last bit:
// for narrow results mulColumns adds the bias in its last pass over each column, after all of the
// product's terms, which saves a pass over dst.
func LinearInto(dst, a, b, bias *Matrix) {
	if a.cols != b.rows {
		panic(fmt.Sprintf("Linear: (%s)·(%s): inner dimensions differ", a.shape(), b.shape()))
	}
	if bias.rows != 1 || bias.cols != b.cols {
		panic(fmt.Sprintf("Linear: (%s)·(%s) + (%s): want a 1×%d bias", a.shape(), b.shape(), bias.shape(), b.cols))
	}
	mustShape("Linear", dst, a.rows, b.cols)
	if b.cols < narrowCols && !worthSplitting(dst, a) {
		mulColumns(dst, a, b.data, b.cols, 1, bias.data, 0, dst.rows)
		return
	}
	MulInto(dst, a, b)
	AddRowVectorInto(dst, dst, bias)
}

// Sizes for the product kernels. A result narrower than narrowCols columns goes to mulColumns. For
// mulRows, a kTile×jTile block of b is 128·256·8 bytes = 256 KiB, which stays in the cache while every
// row of a row block passes over it.
const (
	narrowCols       = 16
	mulRowBlock      = 64
	mulKTile         = 128
	mulJTile         = 256
	parallelMinFlops = 1 << 21
)

// worthSplitting reports whether the product dst = a·(…) is big enough, at least parallelMinFlops
// floating-point operations, to be worth spreading over several cores.
func worthSplitting(dst, a *Matrix) bool { return 2*dst.rows*dst.cols*a.cols >= parallelMinFlops }

// parallelRowBlocks calls kernel(lo, hi) for blocks of mulRowBlock rows that together cover rows
// 0 … rows−1, spread over all cores (parallelFor). Each block writes only its own rows of the result,
// so the result does not depend on the number of cores.
func parallelRowBlocks(rows int, kernel func(lo, hi int)) {
	blocks := (rows + mulRowBlock - 1) / mulRowBlock
	parallelFor(blocks, func(blk int) { kernel(blk*mulRowBlock, min((blk+1)*mulRowBlock, rows)) })
}

// mulColumnsSplit runs mulColumns over all of dst's rows: at once for a small product, split over the
// cores for a big one.
func mulColumnsSplit(dst, a *Matrix, bData []float64, bk, bj int) {
	if !worthSplitting(dst, a) {
		mulColumns(dst, a, bData, bk, bj, nil, 0, dst.rows)
		return
	}
	parallelRowBlocks(dst.rows, func(lo, hi int) { mulColumns(dst, a, bData, bk, bj, nil, lo, hi) })
}

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
func addTerms(c, x, b0, b1, b2, b3 []float64) {
	switch len(x) {
	case 4:
		x0, x1, x2, x3 := x[0], x[1], x[2], x[3]
		b0, b1, b2, b3 = b0[:len(c)], b1[:len(c)], b2[:len(c)], b3[:len(c)]
		for j := range c {
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

// mulColumns computes rows lo..hi-1 of dst = a·B + bias, where B is the n×p matrix whose element (k, j)
// is bData[k*bk + j*bj] (bk = p, bj = 1 for a matrix b; bk = 1, bj = n for bᵀ), and bias is a row of p
// values added to every row, or nil for none. It is meant for results only a few columns wide, such as
// the post's [N x 5] and [N x 3].
//
// Speed trick, equal to the plain loop to the last bit. A row-by-row loop would spend its time starting
// loops only 3 or 5 long. Here the loop over rows is the innermost one: for one output column j and
// four k at a time, the four numbers B[k][j] … B[k+3][j] stay in registers while every row passes, each
// adding its four terms in order, k = 0, 1, 2, …, so every dst[i][j] is rounded as the plain loop rounds
// it. The bias is added last, after every term, as in numpy's np.dot(a, b) + bias. (Passes before the
// last add a bias of 0, which changes nothing: a sum that starts at +0 is never −0, and s + 0 = s.)
func mulColumns(dst, a *Matrix, bData []float64, bk, bj int, bias []float64, lo, hi int) {
	n, p := a.cols, dst.cols
	ad := a.data[lo*n : hi*n]
	dd := dst.data[lo*p : hi*p]
	clear(dd)
	for j := 0; j < p; j++ {
		for k := 0; k < n; k += 4 {
			at := func(t int) float64 { return bData[(k+t)*bk+j*bj] }
			c := 0.0 // what this pass adds after its terms: the bias, on the last pass
			if k+4 >= n && bias != nil {
				c = bias[j]
			}
			// i walks column j of dst; r walks row i of a from column k; x is a[i][k…k+3].
			switch min(4, n-k) {
			case 4:
				b0, b1, b2, b3 := at(0), at(1), at(2), at(3)
				for i, r := j, k; i < len(dd) && r+4 <= len(ad); i, r = i+p, r+n {
					x := (*[4]float64)(ad[r : r+4])
					dd[i] = dd[i] + x[0]*b0 + x[1]*b1 + x[2]*b2 + x[3]*b3 + c
				}
			case 3:
				b0, b1, b2 := at(0), at(1), at(2)
				for i, r := j, k; i < len(dd) && r+3 <= len(ad); i, r = i+p, r+n {
					x := (*[3]float64)(ad[r : r+3])
					dd[i] = dd[i] + x[0]*b0 + x[1]*b1 + x[2]*b2 + c
				}
			case 2:
				b0, b1 := at(0), at(1)
				for i, r := j, k; i < len(dd) && r+2 <= len(ad); i, r = i+p, r+n {
					x := (*[2]float64)(ad[r : r+2])
					dd[i] = dd[i] + x[0]*b0 + x[1]*b1 + c
				}
			case 1:
				b0 := at(0)
				for i, r := j, k; i < len(dd) && r < len(ad); i, r = i+p, r+n {
					dd[i] = dd[i] + ad[r]*b0 + c
				}
			}
		}
	}
}

// MulTransAInto writes aᵀ·b into dst (numpy: np.dot(a.T, b)), an (a.cols)×(b.cols) matrix; a and b
// must have the same number of rows. This is the backward pass's "layer inputᵀ · error signal".
//
// Speed trick: equal to MulInto(dst, a.T(), b) to the last bit, without building aᵀ; see
// mulTransAColumns (results a few columns wide) and mulTransARows (wider ones).
func MulTransAInto(dst, a, b *Matrix) {
	if a.rows != b.rows {
		panic(fmt.Sprintf("MulTransA: (%s)ᵀ·(%s): inner dimensions differ", a.shape(), b.shape()))
	}
	mustShape("MulTransA", dst, a.cols, b.cols)
	if b.cols < narrowCols {
		mulTransAColumns(dst, a, b)
	} else {
		mulTransARows(dst, a, b)
	}
}

// mulTransARows computes dst = aᵀ·b row by row of a and b: rows k of a and b together give every term
// with that k, dst[i][j] += a[k][i]·b[k][j]. The rows are taken four at a time, in order, and addTerms
// adds each group's four terms to a row of dst left to right, so every dst[i][j] receives its terms in
// Mul's order, k = 0, 1, 2, ….
func mulTransARows(dst, a, b *Matrix) {
	clear(dst.data)
	for k := 0; k < a.rows; k += 4 {
		terms := min(4, a.rows-k)
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

// mulTransAColumns computes dst = aᵀ·b as sums down the columns: dst[i][j] = Σₖ a[k][i]·b[k][j]. Four of
// them (four j) are summed side by side in four accumulators, so each addition need not wait for the one
// before it, and each still adds its terms in Mul's order, k = 0, 1, 2, ….
func mulTransAColumns(dst, a, b *Matrix) {
	ac, bc := a.cols, b.cols
	for i := 0; i < ac; i++ {
		di := dst.Row(i)
		for j := 0; j < bc; j += 4 {
			var s0, s1, s2, s3 float64
			// r walks column i of a, q walks row k of b from column j
			switch min(4, bc-j) {
			case 4:
				for r, q := i, j; r < len(a.data) && q+3 < len(b.data); r, q = r+ac, q+bc {
					x := a.data[r]
					s0, s1, s2, s3 = s0+x*b.data[q], s1+x*b.data[q+1], s2+x*b.data[q+2], s3+x*b.data[q+3]
				}
				di[j], di[j+1], di[j+2], di[j+3] = s0, s1, s2, s3
			case 3:
				for r, q := i, j; r < len(a.data) && q+2 < len(b.data); r, q = r+ac, q+bc {
					x := a.data[r]
					s0, s1, s2 = s0+x*b.data[q], s1+x*b.data[q+1], s2+x*b.data[q+2]
				}
				di[j], di[j+1], di[j+2] = s0, s1, s2
			case 2:
				for r, q := i, j; r < len(a.data) && q+1 < len(b.data); r, q = r+ac, q+bc {
					x := a.data[r]
					s0, s1 = s0+x*b.data[q], s1+x*b.data[q+1]
				}
				di[j], di[j+1] = s0, s1
			case 1:
				for r, q := i, j; r < len(a.data) && q < len(b.data); r, q = r+ac, q+bc {
					s0 += a.data[r] * b.data[q]
				}
				di[j] = s0
			}
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
	// One flat loop over all elements, j counting the column, rather than a short loop per row.
	d, j := dst.data[:len(a.data)], 0
	for i, v := range a.data {
		d[i] = v + b.data[j]
		if j++; j == a.cols {
			j = 0
		}
	}
}

// SumRows returns the 1×c row of column sums of the r×c matrix a
// (numpy: np.sum(a, axis=0, keepdims=True)). Each column is summed from row 0 down, in order.
func SumRows(a *Matrix) *Matrix { c := NewMatrix(1, a.cols); SumRowsInto(c, a); return c }

// SumRowsInto writes the column sums of a into the 1×c matrix dst.
func SumRowsInto(dst, a *Matrix) {
	mustShape("SumRows", dst, 1, a.cols)
	for j := 0; j < a.cols; j += 4 {
		sumColumns(dst.data[j:min(j+4, a.cols)], a.data, j, a.cols)
	}
}

// sumColumns sums the len(sums) ≤ 4 columns j, j+1, … of the row-major data with c columns into sums.
//
// Speed trick, equal to adding row after row: the columns are summed side by side, each in its own
// accumulator, so no addition waits for the one before it; each column is still summed from row 0 down.
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
