package main

// network_test.go — the audit trail. Every expected value below is either worked out by hand (the working
// is in the comments) or copied from numpy's own output for the post's code, in
// ../shared/reference/blog-numpy.txt (numpy 1.24.2, scikit-learn 1.2, np.random.seed(12)); those
// constants say so where they appear. No expected value was produced by running this program. Each test's
// comment says what it checks and, after "Catches:", the slips that make it fail.
//
// Contents, in the order of the // ---- banners below:
//
//	Helpers                          m, r, sameMatrix, parseFloats, lcg: the tables' shorthand and test matrices
//	Matrix operations                each operation by hand; the fast kernels and the plain loops, bit for bit
//	The network by hand              a 2 → 2 → 2 network whose every value, and one whole step, is worked out
//	Gradient checks                  backprop against central differences; the check's own error by hand;
//	                                 Step.Run against the plain step, for one and for two hidden layers
//	numpy's random stream            MT19937, doubles, normals, permutations (beyond 65,536 rows too), SVD
//	The post's data                  the post's rows, split, starting weights and step-0 gradients against numpy;
//	                                 the whole default run
//	The command line                 usage errors, the one-step modes refusing each other, an internal
//	                                 error's exit status, -h, divergence, two hidden layers
//	Examples                         go test runs them and checks their // Output:
//	The TensorFlow recipe            minibatch offsets, truncated normals, He, the preset against numpy
//	Audit mode                       -explain and -gradcheck against numpy's step 0 and against training
//	Your own data                    CSV reading, standardization (the test rows by the training rows'
//	                                 statistics), saved models, -predict and its label column, the CSV fuzz test
//	Pictures                         axes, ticks, the loss curve, the regions' orientation and tint, the files
//	Benchmarks                       speed, compared as ratios within one run (go test -bench)
//	Nothing is damaged               links, permissions, FIFOs, huge sizes, odd files, divergence's cause,
//	                                 ignored flags said (every flag with -load -predict), -h's program name;
//	                                 the model fuzz test
//	The teaching data sets           spiral, circles and moons against numpy and scikit-learn
//	                                 (../shared/reference/spiral-numpy.txt, sklearn-datasets.txt), the
//	                                 linear classifier
//	The live view                    every endpoint, Host and Origin, HEAD, Allow and Content-Type,
//	                                 divergence, play on a stopped run, the audit, loopback, the page in
//	                                 headless Chromium; its benchmark
//	Arrays as numpy saves them       the .npy/.npz reader and the JSON form, its fuzz test, -check's fixtures
//	Round three: files               memory checked before it is spent, headers, text encodings, messages
//	Round three: the command line    decimal numbers, outputs that are inputs, interrupted and failed writes,
//	                                 owners kept, work bounded
//	Who moved this weight            -votes: every row's vote adds up to the gradient; its index bounds,
//	                                 the minibatch's own rows, the rows whose unit is off
//	-check                           a learner's port of the post, value by value: fixtures, diagnoses, tolerance

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"html"
	"image"
	"image/png"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// ---------------------------------------------------------------------------------------------------
// Helpers.

// m is shorthand for FromRows in tables.
func m(rows ...[]float64) *Matrix { return FromRows(rows) }

// r is shorthand for a row.
func r(v ...float64) []float64 { return v }

// sameMatrix reports whether a and b have the same shape and every element within tol (absolute or
// relative, whichever is looser); tol = 0 asks for identical bits.
func sameMatrix(a, b *Matrix, tol float64) bool {
	if a.rows != b.rows || a.cols != b.cols {
		return false
	}
	for i, v := range a.data {
		w := b.data[i]
		if tol == 0 {
			if math.Float64bits(v) != math.Float64bits(w) && !(v == 0 && w == 0) {
				return false
			}
			continue
		}
		if !(math.Abs(v-w) <= tol*max(1, math.Abs(w))) {
			return false
		}
	}
	return true
}

// parseFloats reads numpy repr strings such as '0.15416284237967237' exactly.
func parseFloats(t *testing.T, s ...string) []float64 {
	t.Helper()
	out := make([]float64, len(s))
	for i, x := range s {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	return out
}

// lcg is a tiny deterministic source of test matrices (not the program's random stream).
type lcg uint64

func (g *lcg) next() float64 {
	*g = *g*6364136223846793005 + 1442695040888963407
	return float64(*g>>11)/float64(1<<53)*2 - 1
}

func (g *lcg) matrix(rows, cols int) *Matrix {
	a := NewMatrix(rows, cols)
	for i := range a.data {
		a.data[i] = g.next()
	}
	return a
}

// ---------------------------------------------------------------------------------------------------
// Matrix operations, each with hand-worked values.

// Each matrix operation on small matrices, against the values worked by hand beside it. (Catches: a product
// that reads b by rows, SumRows over the wrong axis — numpy's axis=1 —, AddRowVector adding the row to the
// first row only, a transpose that returns its argument, SelectRows in sorted order.)
func TestMatrixOps(t *testing.T) {
	a := m(r(1, 2), r(3, 4), r(5, 6)) // [3 x 2]
	b := m(r(1, -1, 0), r(2, 0.5, 1)) // [2 x 3]
	tests := []struct {
		name      string
		got, want *Matrix
	}{
		// a·b row 0: [1·1+2·2, 1·(−1)+2·0.5, 1·0+2·1] = [5, 0, 2]
		// row 1: [3+8, −3+2, 0+4] = [11, −1, 4]; row 2: [5+12, −5+3, 0+6] = [17, −2, 6]
		{"Mul", Mul(a, b), m(r(5, 0, 2), r(11, -1, 4), r(17, -2, 6))},
		{"T", a.T(), m(r(1, 3, 5), r(2, 4, 6))},
		{"Add", Add(a, a), m(r(2, 4), r(6, 8), r(10, 12))},
		{"Sub", Sub(a, m(r(1, 1), r(1, 1), r(1, 1))), m(r(0, 1), r(2, 3), r(4, 5))},
		{"Scale", Scale(0.5, a), m(r(0.5, 1), r(1.5, 2), r(2.5, 3))},
		{"MulElem", MulElem(a, a), m(r(1, 4), r(9, 16), r(25, 36))},
		{"Apply", Apply(func(x float64) float64 { return -x }, a), m(r(-1, -2), r(-3, -4), r(-5, -6))},
		// numpy: a + [[10, 20]] adds the row to every row
		{"AddRowVector", AddRowVector(a, m(r(10, 20))), m(r(11, 22), r(13, 24), r(15, 26))},
		// numpy: np.sum(a, axis=0, keepdims=True) = [[1+3+5, 2+4+6]]
		{"SumRows", SumRows(a), m(r(9, 12))},
		// aᵀ·a = [[1+9+25, 2+12+30], [2+12+30, 4+16+36]]
		{"MulTransA", func() *Matrix { c := NewMatrix(2, 2); MulTransAInto(c, a, a); return c }(), m(r(35, 44), r(44, 56))},
		// a·aᵀ: row i, col j = a_i · a_j: [1+4, 3+8, 5+12], [11, 9+16, 15+24], [17, 39, 25+36]
		{"MulTransB", func() *Matrix { c := NewMatrix(3, 3); MulTransBInto(c, a, a); return c }(), m(r(5, 11, 17), r(11, 25, 39), r(17, 39, 61))},
		// a + (−2)·a = −a
		{"AddScaled", func() *Matrix { c := NewMatrix(3, 2); AddScaledInto(c, a, -2, a); return c }(), m(r(-1, -2), r(-3, -4), r(-5, -6))},
		{"RowsView", a.RowsView(1, 3), m(r(3, 4), r(5, 6))},
		{"SelectRows", a.SelectRows([]int{2, 0}), m(r(5, 6), r(1, 2))},
		{"ReLU", func() *Matrix { c := NewMatrix(1, 3); ReLUInto(c, m(r(-1, 0, 2))); return c }(), m(r(0, 0, 2))},
	}
	for _, tc := range tests {
		if !sameMatrix(tc.got, tc.want, 0) {
			t.Errorf("%s = %v; want %v", tc.name, tc.got, tc.want)
		}
	}
}

// Dims, At, Set and Sum on a 2×3 matrix, and a RowsView that writes through to the matrix it views. (Catches:
// At or Set indexing (j, i), Dims returning the columns first, a RowsView that copies the rows.)
func TestAtSetDimsSum(t *testing.T) {
	a := NewMatrix(2, 3)
	a.Set(1, 2, 7)
	if r, c := a.Dims(); r != 2 || c != 3 {
		t.Errorf("Dims() = %d, %d; want 2, 3", r, c)
	}
	if got := a.At(1, 2); got != 7 {
		t.Errorf("At(1, 2) = %v; want 7", got)
	}
	if got := a.Sum(); got != 7 {
		t.Errorf("Sum() = %v; want 7", got)
	}
	// A view writes through to the matrix it views.
	a.RowsView(1, 2).Set(0, 0, 5)
	if got := a.At(1, 0); got != 5 {
		t.Errorf("after writing through RowsView, At(1, 0) = %v; want 5", got)
	}
}

// ArgmaxRows as np.argmax(a, axis=1): a tie goes to the first of the largest, a NaN counts as the largest.
// (Catches: ties going to the last — ≥ for > —, a NaN passed over.)
func TestArgmaxRows(t *testing.T) {
	// ties go to the first, as np.argmax does; a NaN counts as the largest, as in numpy
	a := m(r(1, 3, 2), r(5, 5, 1), r(-1, -2, -3), r(0, math.NaN(), 9))
	got, want := ArgmaxRows(a), []int{1, 0, 0, 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ArgmaxRows = %v; want %v", got, want)
	}
}

// dst may be one of the arguments: AddInto(a, a, a) and SoftmaxInto(z, z) give what they give into a fresh
// matrix. (Catches: a kernel that clears dst before it reads its arguments, a softmax that overwrites the row
// before it has the row's maximum and sum.)
func TestInPlaceForms(t *testing.T) {
	// dst may be one of the arguments: a = a + a
	a := m(r(1, 2))
	AddInto(a, a, a)
	if !sameMatrix(a, m(r(2, 4)), 0) {
		t.Errorf("AddInto(a, a, a) = %v; want [[2 4]]", a)
	}
	// softmax in place: z = softmax(z)
	z := m(r(0, 0))
	SoftmaxInto(z, z)
	if !sameMatrix(z, m(r(0.5, 0.5)), 0) {
		t.Errorf("SoftmaxInto(z, z) = %v; want [[0.5 0.5]]", z)
	}
}

// Shape mistakes panic, and the message shows both shapes. (Catches: a shape check left out, so that a wrong
// shape reads past a row or returns garbage, or a message that shows one shape only.)
func TestShapeMismatchPanics(t *testing.T) {
	a23, a32, a22 := NewMatrix(2, 3), NewMatrix(3, 2), NewMatrix(2, 2)
	tests := []struct {
		name string
		fn   func()
		want string
	}{
		{"Mul", func() { Mul(a23, a23) }, "Mul: (2×3)·(2×3): inner dimensions differ"},
		{"MulInto dst", func() { MulInto(a23, a23, a32) }, "Mul: destination is 2×3, want 2×2"},
		{"MulTransA", func() { MulTransAInto(a22, a32, a23) }, "MulTransA: (3×2)ᵀ·(2×3): inner dimensions differ"},
		{"MulTransB", func() { MulTransBInto(a22, a23, a32) }, "MulTransB: (2×3)·(3×2)ᵀ: inner dimensions differ"},
		{"Add", func() { Add(a23, a32) }, "Add: (2×3) and (3×2): shapes differ"},
		{"Sub", func() { Sub(a23, a22) }, "Sub: (2×3) and (2×2): shapes differ"},
		{"MulElem", func() { MulElem(a32, a23) }, "MulElem: (3×2) and (2×3): shapes differ"},
		{"AddRowVector", func() { AddRowVector(a23, a22) }, "AddRowVector: (2×3) + (2×2): want a 1×3 row vector"},
		{"SumRows", func() { SumRowsInto(a22, a23) }, "SumRows: destination is 2×2, want 1×3"},
		{"At", func() { a23.At(2, 0) }, "At(2, 0): outside a 2×3 matrix"},
		{"RowsView", func() { a23.RowsView(1, 3) }, "RowsView(1, 3): outside a 2×3 matrix"},
		{"FromRows", func() { FromRows([][]float64{{1, 2}, {3}}) }, "FromRows: row 1 has 1 values, row 0 has 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				got := fmt.Sprint(recover())
				if got != tc.want {
					t.Errorf("panic %q; want %q", got, tc.want)
				}
			}()
			tc.fn()
		})
	}
}

// The plain loops of matrix.go write into a destination; these return a new matrix, for comparisons.
func plainMul(a, b *Matrix) *Matrix { c := NewMatrix(a.rows, b.cols); mulPlain(c, a, b); return c }

func plainMulTransA(a, b *Matrix) *Matrix {
	c := NewMatrix(a.cols, b.cols)
	mulTransAPlain(c, a, b)
	return c
}

func plainMulTransB(a, b *Matrix) *Matrix {
	c := NewMatrix(a.rows, b.rows)
	mulTransBPlain(c, a, b)
	return c
}

func plainSumRows(a *Matrix) *Matrix { c := NewMatrix(1, a.cols); sumRowsPlain(c, a); return c }

// The fast products and sums (matrix.go's …Fast, called directly, whatever the size) equal the plain
// loops to the last bit, and so do the operations that choose between them, on odd shapes, 1×1, sizes
// large enough to take the tiled and parallel paths, and row counts at the edges of sumBlock, where a
// sum over rows changes from one block to several (a skipped or doubled last block fails here, and so
// does a plain loop that adds its terms in another order). mulTransBPlain is also held to mulPlain of
// the transpose, so the three plain loops agree with each other. (Catches: a tiled kernel's last partial tile
// skipped, a sum block skipped or doubled, a plain loop that adds its terms in another order.)
func TestFastProductsEqualPlain(t *testing.T) {
	g := lcg(1)
	shapes := [][3]int{{1, 1, 1}, {1, 7, 1}, {3, 5, 2}, {7, 1, 9}, {13, 17, 5}, {33, 129, 31}, {130, 300, 270}, {257, 129, 3},
		{sumBlock - 1, 3, 5}, {sumBlock, 2, 3}, {sumBlock + 1, 5, 3}, {2*sumBlock + 7, 17, 20}, {33*sumBlock + 5, 2, 5}, {40, 20, 3}, {3*sumBlock + 1, 40, 7}, {33*sumBlock + 5, 9, 4}}
	for _, s := range shapes {
		a, b := g.matrix(s[0], s[1]), g.matrix(s[1], s[2])
		bt := b.T()
		c := g.matrix(s[0], s[2])
		want := plainMul(a, b)
		wantA := plainMulTransA(a, c)
		for _, ch := range []struct {
			name      string
			got, want *Matrix
		}{
			{"mulFast(a, b)", into(s[0], s[2], func(d *Matrix) { mulFast(d, a, b) }), want},
			{"Mul(a, b)", Mul(a, b), want},
			{"mulTransBFast(a, bᵀ)", into(s[0], s[2], func(d *Matrix) { mulTransBFast(d, a, bt) }), want},
			{"MulTransBInto(a, bᵀ)", into(s[0], s[2], func(d *Matrix) { MulTransBInto(d, a, bt) }), want},
			{"mulTransBPlain(a, bᵀ)", plainMulTransB(a, bt), want},
			{"mulTransAFast(a, c)", into(s[1], s[2], func(d *Matrix) { mulTransAFast(d, a, c) }), wantA},
			{"MulTransAInto(a, c)", into(s[1], s[2], func(d *Matrix) { MulTransAInto(d, a, c) }), wantA},
			{"sumRowsFast(c)", into(1, s[2], func(d *Matrix) { sumRowsFast(d, c) }), plainSumRows(c)},
			{"SumRows(c)", SumRows(c), plainSumRows(c)},
		} {
			if !sameMatrix(ch.got, ch.want, 0) {
				t.Errorf("%s with a %d×%d, b %d×%d, c %d×%d differs from the plain loop's", ch.name, s[0], s[1], s[1], s[2], s[0], s[2])
			}
		}
		rowSum := func(x, y []float64) float64 { return x[0]*y[0] - x[len(x)-1] }
		wantSum := sumRowPairsPlain(a, c, rowSum)
		if got := SumRowPairs(a, c, rowSum); math.Float64bits(got) != math.Float64bits(wantSum) {
			t.Errorf("SumRowPairs on %d rows = %v; sumRowPairsPlain %v", s[0], got, wantSum)
		}
		if got := sumRowPairsFast(a, c, rowSum); math.Float64bits(got) != math.Float64bits(wantSum) {
			t.Errorf("sumRowPairsFast on %d rows = %v; sumRowPairsPlain %v", s[0], got, wantSum)
		}
	}
}

// into returns a new rows×cols matrix filled by fill.
func into(rows, cols int, fill func(dst *Matrix)) *Matrix {
	d := NewMatrix(rows, cols)
	fill(d)
	return d
}

// The operations switch from their plain loops to the fast kernels above plainWork multiply-adds (or
// adds): on either side of the switch — the post's layer shapes for a batch of a few rows, a single row
// or column — the plain loop, the fast kernel and the operation give the same bits. A plain loop with a
// slip (a term left out, the wrong element read) fails here at the sizes the program runs it at, and so
// does a switch that sends a size to a kernel that cannot take it; TestFastProductsEqualPlain holds the
// fast kernels to the plain loops on every other shape. (Catches: a slip in a plain loop at the sizes the
// program runs it at; a switch that hands a kernel a shape it cannot take.)
func TestPlainAndFastAgreeAtTheSwitch(t *testing.T) {
	g := lcg(3)
	for _, s := range [][3]int{ // rows, inner, columns: rows·inner·columns on either side of plainWork
		{plainWork / 10, 2, 5}, {plainWork/10 + 1, 2, 5}, // X·W1 for the post's 2 → 5
		{plainWork / 15, 5, 3}, {plainWork/15 + 1, 5, 3}, // hidden·W2 for 5 → 3
		{plainWork / 8, 8, 1}, {plainWork/8 + 1, 8, 1},
		{2, 4, 4}, {2, 4, 5}, {1, plainWork, 1}, {1, plainWork + 1, 1},
	} {
		n, k, p := s[0], s[1], s[2]
		a, b, c := g.matrix(n, k), g.matrix(k, p), g.matrix(n, p)
		bt := b.T()
		pairs := []struct {
			name        string
			plain, fast *Matrix
			op          *Matrix
		}{
			{"Mul", plainMul(a, b), into(n, p, func(d *Matrix) { mulFast(d, a, b) }), Mul(a, b)},
			{"MulTransB", plainMulTransB(a, bt), into(n, p, func(d *Matrix) { mulTransBFast(d, a, bt) }), into(n, p, func(d *Matrix) { MulTransBInto(d, a, bt) })},
			{"MulTransA", plainMulTransA(a, c), into(k, p, func(d *Matrix) { mulTransAFast(d, a, c) }), into(k, p, func(d *Matrix) { MulTransAInto(d, a, c) })},
			{"SumRows", plainSumRows(a), into(1, k, func(d *Matrix) { sumRowsFast(d, a) }), SumRows(a)},
		}
		for _, pr := range pairs {
			if !sameMatrix(pr.plain, pr.fast, 0) || !sameMatrix(pr.op, pr.plain, 0) {
				t.Errorf("%s on %d×%d·%d×%d: the plain loop, the fast kernel and the operation differ", pr.name, n, k, k, p)
			}
		}
	}
}

// Sums over rows are grouped as matrix.go says: up to sumBlock rows the textbook sum, beyond it the
// blocks' sums added in order. Worked by hand with numbers whose sums round: t = 2⁻⁵³ is half an ulp of
// 1, so 1 + t rounds back to 1 (ties to even), while 1024 t's added to each other are exactly 2⁻⁴³.
//
//	rows: 1, then 2047 t's, then 2⁻⁴⁰          (2049 rows: blocks of 1024, 1024 and 1)
//	block 0 = 1 + t + … + t = 1                (every t rounded away)
//	block 1 = t + … + t     = 1024·t = 2⁻⁴³    (exact)
//	block 2 = 2⁻⁴⁰
//	sum = (1 + 2⁻⁴³) + 2⁻⁴⁰ = 1 + 2⁻⁴³ + 2⁻⁴⁰  (exact: both are multiples of 1's ulp, 2⁻⁵²)
//
// A plain row-by-row sum gives 1 + 2⁻⁴⁰; skipping the last block gives 1 + 2⁻⁴³. (Catches: sums over rows not
// grouped by block — 1 + 2⁻⁴⁰ —, the last block skipped — 1 + 2⁻⁴³.)
func TestSumsOverRowsGroupByBlock(t *testing.T) {
	tiny := math.Ldexp(1, -53)
	want := 1 + math.Ldexp(1, -43) + math.Ldexp(1, -40)
	col := NewMatrix(2*sumBlock+1, 1)
	for i := range col.data {
		col.data[i] = tiny
	}
	col.data[0], col.data[2*sumBlock] = 1, math.Ldexp(1, -40)
	ones := NewMatrix(col.rows, 1)
	for i := range ones.data {
		ones.data[i] = 1
	}
	gotA := NewMatrix(1, 1)
	MulTransAInto(gotA, col, ones)
	for name, got := range map[string]float64{
		"SumRows":     SumRows(col).data[0],
		"MulTransA":   gotA.data[0],
		"SumRowPairs": SumRowPairs(col, ones, func(a, b []float64) float64 { return a[0] * b[0] }),
	} {
		if got != want {
			t.Errorf("%s = %v; want 1 + 2⁻⁴³ + 2⁻⁴⁰ = %v", name, got, want)
		}
	}
}

// The elementwise and row operations against their definitions, on odd shapes around the piece sizes.
// (Catches: an elementwise kernel that skips the last piece of a matrix or reads the wrong element,
// AddRowVector reading the row at i rather than j, DivScalar computed as a multiplication by a rounded
// reciprocal.)
func TestElementwiseOpsEqualPlain(t *testing.T) {
	g := lcg(11)
	for _, s := range [][2]int{{1, 1}, {1, 5}, {7, 3}, {13, 5}, {5000, 4}, {6000, 3}, {3001, 17}} {
		n, c := s[0], s[1]
		a, b, row := g.matrix(n, c), g.matrix(n, c), g.matrix(1, c)
		checks := []struct {
			name string
			got  *Matrix
			want func(i, j int) float64
		}{
			{"Add", Add(a, b), func(i, j int) float64 { return a.At(i, j) + b.At(i, j) }},
			{"Sub", Sub(a, b), func(i, j int) float64 { return a.At(i, j) - b.At(i, j) }},
			{"MulElem", MulElem(a, b), func(i, j int) float64 { return a.At(i, j) * b.At(i, j) }},
			{"Scale", Scale(3, a), func(i, j int) float64 { return 3 * a.At(i, j) }},
			{"AddRowVector", AddRowVector(a, row), func(i, j int) float64 { return a.At(i, j) + row.At(0, j) }},
			{"DivScalar", func() *Matrix { d := NewMatrix(n, c); DivScalarInto(d, a, 7); return d }(), func(i, j int) float64 { return a.At(i, j) / 7 }},
			{"AddScaled", func() *Matrix { d := NewMatrix(n, c); AddScaledInto(d, a, -0.1, b); return d }(), func(i, j int) float64 { return a.At(i, j) + -0.1*b.At(i, j) }},
			{"ReLU", func() *Matrix { d := NewMatrix(n, c); ReLUInto(d, a); return d }(), func(i, j int) float64 { return max(a.At(i, j), 0) }},
		}
		for _, ch := range checks {
			for i := 0; i < n; i++ {
				for j := 0; j < c; j++ {
					if got, want := ch.got.At(i, j), ch.want(i, j); math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("%s on %d×%d: element (%d, %d) = %v; want %v", ch.name, n, c, i, j, got, want)
					}
				}
			}
		}
	}
}

// The ReLU's backward mask and its branch-free trick against the post's
// error_signal_hidden[hidden_layer <= 0] = 0, NaN and −0 included. (Catches: the mask keeping the signal
// where hidden is exactly 0 — < for ≤ —, a NaN turned into 0, a −0 left where the post writes 0.)
func TestReLUAndMask(t *testing.T) {
	g := lcg(12)
	x, signal := g.matrix(3001, 5), g.matrix(3001, 5)
	masked := NewMatrix(3001, 5)
	ReLUBackwardInto(masked, signal, x)
	for i, v := range x.data {
		want := 0.0 // signal, zeroed where v <= 0
		if v > 0 {
			want = signal.data[i]
		}
		if masked.data[i] != want || math.Signbit(masked.data[i]) && want == 0 {
			t.Fatalf("at hidden %v: mask %v; want %v", v, masked.data[i], want)
		}
	}
	// NaN stays NaN (np.maximum(nan, 0) is nan); −0 and 0 give +0
	nan := NewMatrix(1, 3)
	ReLUInto(nan, m(r(math.NaN(), math.Copysign(0, -1), -3)))
	if !math.IsNaN(nan.data[0]) || math.Signbit(nan.data[1]) || nan.data[1] != 0 || nan.data[2] != 0 {
		t.Errorf("ReLU([NaN -0 -3]) = %v; want [NaN 0 0]", nan)
	}
	// the mask keeps the signal where hidden > 0 and writes +0 elsewhere, as the post's assignment does
	got := NewMatrix(1, 4)
	ReLUBackwardInto(got, m(r(-2, 5, math.NaN(), 7)), m(r(1, 0, 3, -1)))
	if !math.IsNaN(got.data[2]) || got.data[0] != -2 || got.data[1] != 0 || math.Signbit(got.data[1]) || got.data[3] != 0 {
		t.Errorf("ReLUBackward = %v; want [-2 0 NaN 0]", got)
	}
}

// The product does not depend on how many goroutines compute it. (Catches: a product split over goroutines
// along its inner sum, whose rounding then depends on the number of cores.)
func TestMulSameOnAnyNumberOfCores(t *testing.T) {
	g := lcg(2)
	a, b := g.matrix(300, 200), g.matrix(200, 100)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := Mul(a, b)
	runtime.GOMAXPROCS(4)
	if four := Mul(a, b); !sameMatrix(one, four, 0) {
		t.Error("Mul with GOMAXPROCS=4 differs from GOMAXPROCS=1")
	}
}

// ---------------------------------------------------------------------------------------------------
// The network on a case small enough to work by hand.

// A tiny network, 2 → 2 (ReLU) → 2 (softmax), two rows. Every value is worked out below and compared with
// what Forward and Backward compute.
//
//	X  = [[ 1, 2],      W1 = [[1, -1],     b1 = [[0.5, -0.5]]
//	      [-1, 1]]            [1,  0]]
//	X·W1 = [[1+2, -1+0], [-1+1, 1+0]] = [[3, -1], [0, 1]]
//	+ b1 = [[3.5, -1.5], [0.5, 0.5]]
//	hidden_layer = relu(…) = [[3.5, 0], [0.5, 0.5]]
//
//	W2 = [[1, 0],   b2 = [[-1, 0]]
//	      [0, 2]]
//	hidden·W2 = [[3.5, 0], [0.5, 1]];  output_layer = + b2 = [[2.5, 0], [-0.5, 1]]
//
// With two classes softmax is the logistic function σ(t) = 1/(1+e^{-t}) of the score difference:
//
//	row 0: p = [σ(2.5), σ(-2.5)];   row 1: p = [σ(-1.5), σ(1.5)]
//
// Labels y = [[1, 0], [0, 1]] (row 0 is class 0, row 1 class 1), so
//
//	loss = (−log σ(2.5) − log σ(1.5)) / 2
//	output_error_signal = (p − y)/2 = [[σ(2.5)−1, σ(−2.5)], [σ(−1.5), σ(1.5)−1]]/2 = [[−a, a], [b, −b]]
//	with a = σ(−2.5)/2, b = σ(−1.5)/2  (1 − σ(t) = σ(−t)).
//
// Backward, rule 2: error_signal_hidden = δ·W2ᵀ = [[−a, 2a], [b, −2b]], zeroed where hidden ≤ 0
// (row 0, column 1): [[−a, 0], [b, −2b]].
// Rule 1: gradient W2 = hiddenᵀ·δ = [[3.5, 0.5], [0, 0.5]]·[[−a, a], [b, −b]]
//
//	= [[−3.5a + 0.5b, 3.5a − 0.5b], [0.5b, −0.5b]];   gradient b2 = column sums = [−a + b, a − b]
//
// gradient W1 = Xᵀ·δh = [[1, −1], [2, 1]]·[[−a, 0], [b, −2b]] = [[−a − b, 2b], [−2a + b, −2b]];
// gradient b1 = [−a + b, −2b].
func tinyNetwork() (*Network, *Step) {
	net := &Network{
		W: []*Matrix{m(r(1, -1), r(1, 0)), m(r(1, 0), r(0, 2))},
		B: []*Matrix{m(r(0.5, -0.5)), m(r(-1, 0))},
	}
	s := NewStep(net.Sizes(), 2)
	s.X = *m(r(1, 2), r(-1, 1))
	s.Y = *m(r(1, 0), r(0, 1))
	return net, s
}

// logistic is σ(t) = 1/(1 + e^−t) written out for the hand-worked tests (not the network's own sigmoid).
func logistic(t float64) float64 { return 1 / (1 + math.Exp(-t)) }

// Every value of one step of the tiny network above — hidden layer, scores, probabilities, both error
// signals, every gradient — against the hand working. (Catches: the ReLU mask on the wrong side, δ not
// divided by N, Xᵀ·δ where hiddenᵀ·δ belongs, W2 for W2ᵀ in the hidden error signal, a bias gradient summed
// over columns.)
func TestTinyNetworkByHand(t *testing.T) {
	net, p := tinyNetwork()
	p.Run(net, Config{}, true)                 // learning rate 0: the weights stay as they are
	a, b := logistic(-2.5)/2, logistic(-1.5)/2 // a = 0.0379290900106…, b = 0.0912127619031…
	checks := []struct {
		name      string
		got, want *Matrix
	}{
		{"hidden_layer", p.Hidden[0], m(r(3.5, 0), r(0.5, 0.5))},
		{"output_layer", p.OutputLayer, m(r(2.5, 0), r(-0.5, 1))},
		{"output_probs", p.OutputProbs, m(r(logistic(2.5), logistic(-2.5)), r(logistic(-1.5), logistic(1.5)))},
		{"output_error_signal", p.OutputErrorSignal, m(r(-a, a), r(b, -b))},
		{"error_signal_hidden", p.ErrorSignalHidden[0], m(r(-a, 0), r(b, -2*b))},
		{"gradient_layer2_weights", p.DataGradW[1], m(r(-3.5*a+0.5*b, 3.5*a-0.5*b), r(0.5*b, -0.5*b))},
		{"gradient_layer2_bias", p.GradB[1], m(r(-a+b, a-b))},
		{"gradient_layer1_weights", p.DataGradW[0], m(r(-a-b, 2*b), r(-2*a+b, -2*b))},
		{"gradient_layer1_bias", p.GradB[0], m(r(-a+b, -2*b))},
	}
	for _, c := range checks {
		if !sameMatrix(c.got, c.want, 1e-15) {
			t.Errorf("%s = %v; want %v", c.name, c.got, c.want)
		}
	}
	wantLoss := (-math.Log(logistic(2.5)) - math.Log(logistic(1.5))) / 2 // 0.1274… with λ = 0
	if got := p.Loss; math.Abs(got-wantLoss) > 1e-15 {
		t.Errorf("cross-entropy = %v; want %v", got, wantLoss)
	}
	// L2: ½·λ·ΣW² with ΣW1² = 1+1+1+0 = 3 and ΣW2² = 1+0+0+4 = 5: ½·0.1·8 = 0.4
	if got := net.L2Loss(0.1); math.Abs(got-0.4) > 1e-15 {
		t.Errorf("L2Loss(0.1) = %v; want 0.4", got)
	}
}

// The tiny network above with tanh where it has ReLU (-activation tanh), worked by hand the same way.
// It catches tanh's derivative written as 1 − h instead of 1 − h² (the slip of reading "h" for "h²"), a
// tanh left out of the forward pass, and the ReLU's mask applied to a tanh layer (which would zero the
// row 0, column 1 entry, where tanh(−1.5) < 0). With A = tanh 3.5, B = tanh 1.5, C = tanh 0.5:
//
//	z1 = X·W1 + b1 = [[3.5, −1.5], [0.5, 0.5]]      (as above)
//	hidden = tanh(z1) = [[A, −B], [C, C]]            (tanh is odd: tanh(−1.5) = −B)
//	output = hidden·W2 + b2 = [[A − 1, −2B], [C − 1, 2C]]
//	probs: for two classes softmax is σ of the difference: row 0 [σ(A − 1 + 2B), …], row 1 [σ(−1 − C), σ(1 + C)]
//	δ = (probs − y)/2 = [[−a, a], [b, −b]], a = σ(−(A − 1 + 2B))/2, b = σ(−1 − C)/2
//	δ·W2ᵀ = [[−a, 2a], [b, −2b]]
//	error_signal_hidden *= 1 − hidden²: [[−a(1 − A²), 2a(1 − B²)], [b(1 − C²), −2b(1 − C²)]] = [[−p, q], [r, −2r]]
//	gradient W2 = hiddenᵀ·δ = [[A, C], [−B, C]]·[[−a, a], [b, −b]] = [[−Aa + Cb, Aa − Cb], [Ba + Cb, −Ba − Cb]]
//	gradient b2 = [−a + b, a − b]
//	gradient W1 = Xᵀ·δh = [[1, −1], [2, 1]]·[[−p, q], [r, −2r]] = [[−p − r, q + 2r], [−2p + r, 2q − 2r]]
//	gradient b1 = [−p + r, q − 2r]
//	loss = (−log σ(A − 1 + 2B) − log σ(1 + C)) / 2
//
// As an outside check, numpy (the same arrays, np.tanh, the post's formulas, run by hand with numpy 1.x)
// gives gradient W1 = [[-0.07423896247558856, 0.17341278638785326], [0.07346988414854995,
// -0.09707004542374781]] and the loss 0.18010591259202902, which the formulas match to 1e-15.
func TestTinyTanhNetworkByHand(t *testing.T) {
	net, s := tinyNetwork()
	net.Activation = "tanh"
	s.Run(net, Config{}, true) // learning rate 0: the weights stay as they are
	A, B, C := math.Tanh(3.5), math.Tanh(1.5), math.Tanh(0.5)
	a, b := logistic(-(A-1+2*B))/2, logistic(-1-C)/2
	p, q, rr := a*(1-A*A), 2*a*(1-B*B), b*(1-C*C)
	checks := []struct {
		name      string
		got, want *Matrix
	}{
		{"hidden_layer", s.Hidden[0], m(r(A, -B), r(C, C))},
		{"output_layer", s.OutputLayer, m(r(A-1, -2*B), r(C-1, 2*C))},
		{"output_error_signal", s.OutputErrorSignal, m(r(-a, a), r(b, -b))},
		{"error_signal_hidden", s.ErrorSignalHidden[0], m(r(-p, q), r(rr, -2*rr))},
		{"gradient_layer2_weights", s.DataGradW[1], m(r(-A*a+C*b, A*a-C*b), r(B*a+C*b, -B*a-C*b))},
		{"gradient_layer2_bias", s.GradB[1], m(r(-a+b, a-b))},
		{"gradient_layer1_weights", s.DataGradW[0], m(r(-p-rr, q+2*rr), r(-2*p+rr, 2*q-2*rr))},
		{"gradient_layer1_bias", s.GradB[0], m(r(-p+rr, q-2*rr))},
		{"gradient_layer1_weights (numpy)", s.DataGradW[0], m(r(-0.07423896247558856, 0.17341278638785326), r(0.07346988414854995, -0.09707004542374781))},
	}
	for _, c := range checks {
		if !sameMatrix(c.got, c.want, 1e-15) {
			t.Errorf("tanh: %s = %v; want %v", c.name, c.got, c.want)
		}
	}
	wantLoss := (-math.Log(logistic(A-1+2*B)) - math.Log(logistic(1+C))) / 2
	for _, want := range []float64{wantLoss, 0.18010591259202902} {
		if math.Abs(s.Loss-want) > 1e-15 {
			t.Errorf("tanh: loss = %v; want %v", s.Loss, want)
		}
	}
}

// The same tiny network with the sigmoid (-activation sigmoid), against numpy: the arrays above, h =
// 1 / (1 + np.exp(-z)), error_signal_hidden *= h * (1 - h), run by hand with numpy 1.x (the figures
// pasted as printed with repr). It catches σ′ written as h instead of h·(1 − h), and the ReLU's mask or
// tanh's 1 − h² used for a sigmoid layer: each changes error_signal_hidden by far more than 1e-15.
func TestTinySigmoidNetworkAgainstNumpy(t *testing.T) {
	net, s := tinyNetwork()
	net.Activation = "sigmoid"
	s.Run(net, Config{}, true)
	checks := []struct {
		name      string
		got, want *Matrix
	}{
		{"hidden_layer", s.Hidden[0], m(r(0.9706877692486436, 0.18242552380635632), r(0.6224593312018546, 0.6224593312018546))},
		{"error_signal_hidden", s.ErrorSignalHidden[0], m(r(-0.00849727536633635, 0.08908286715046193), r(0.01937205837208877, -0.03874411674417753))},
		{"gradient_layer2_weights", s.DataGradW[1], m(r(-0.23857720647263078, 0.2385772064726308), r(-0.00316878771471687, 0.00316878771471688))},
		{"gradient_layer1_weights", s.DataGradW[0], m(r(-0.02786933373842512, 0.12782698389463948), r(0.00237750763941608, 0.1394216175567463))},
		{"gradient_layer1_bias", s.GradB[0], m(r(0.01087478300575243, 0.0503387504062844))},
	}
	for _, c := range checks {
		if !sameMatrix(c.got, c.want, 1e-15) {
			t.Errorf("sigmoid: %s = %v; want %v", c.name, c.got, c.want)
		}
	}
	if want := 0.5448440171856865; math.Abs(s.Loss-want) > 1e-15 {
		t.Errorf("sigmoid: loss = %v; want %v", s.Loss, want)
	}
}

// The sigmoid is computed without overflow for large |z| (network.go's sigmoid): the plain
// 1/(1 + e^−z) passes through e^−z = +Inf below z = −709.78. Values by hand: σ(0) = ½; σ(±800) is 1 and
// 0 to float64's precision (σ(−800) = e^−800/(1 + e^−800) ≈ e^−800, below the smallest subnormal: 0);
// σ(−30) = e^−30/(1 + e^−30) = 9.357622968839299e-14 by numpy's 1/(1+np.exp(30)) (and by Python's decimal at 40 digits, 9.35762296883929895…e-14); σ(z) + σ(−z) = 1. It
// catches the careful branch taken the wrong way round (e^z/(1 + e^z) for z ≥ 0 is NaN at z = 800).
func TestSigmoidLargeInputs(t *testing.T) {
	for _, c := range []struct{ z, want float64 }{{0, 0.5}, {800, 1}, {-800, 0}, {-30, 9.357622968839299e-14}, {math.Inf(1), 1}, {math.Inf(-1), 0}} {
		if got := sigmoid(c.z); math.Abs(got-c.want) > 1e-15*max(c.want, 1e-13) || math.IsNaN(got) {
			t.Errorf("sigmoid(%v) = %v; want %v", c.z, got, c.want)
		}
	}
	for _, z := range []float64{0.3, 2, 17, 40} {
		if got := sigmoid(z) + sigmoid(-z); math.Abs(got-1) > 2e-16 {
			t.Errorf("sigmoid(%v) + sigmoid(%v) = %v; want 1", z, -z, got)
		}
	}
}

// The tiny ReLU network above with -l1 0.1 and no L2, worked by hand. The L1 part of the loss is
// λ₁·Σ|W| = 0.1·((1 + 1 + 1 + 0) + (1 + 0 + 0 + 2)) = 0.6; its gradient λ₁·sign(W) with
//
//	sign(W1) = sign([[1, −1], [1, 0]]) = [[1, −1], [1, 0]]      sign(0) = 0, as numpy's np.sign
//	sign(W2) = sign([[1, 0], [0, 2]]) = [[1, 0], [0, 1]]
//
// is added to the data part worked out above: GradW1 = [[−a − b + 0.1, 2b − 0.1], [−2a + b + 0.1, −2b]],
// GradW2 = [[−3.5a + 0.5b + 0.1, 3.5a − 0.5b], [0.5b, −0.5b + 0.1]]; biases get no L1 part. It catches
// L1's sign flipped (the gradient −λ₁·sign(W), which pushes weights away from 0), sign(0) taken as +1
// (W1[1][1] would get 0.1), λ₁·W written for λ₁·sign(W) (W2[1][1] would get 0.2), the L1 part given to
// the biases, and an L1 loss of ½·λ₁·Σ|W| or λ₁·ΣW².
func TestTinyNetworkL1ByHand(t *testing.T) {
	net, s := tinyNetwork()
	s.Run(net, Config{L1Lambda: 0.1}, true) // learning rate 0: the weights stay as they are
	a, b := logistic(-2.5)/2, logistic(-1.5)/2
	checks := []struct {
		name      string
		got, want *Matrix
	}{
		{"gradient_layer1_weights", s.GradW[0], m(r(-a-b+0.1, 2*b-0.1), r(-2*a+b+0.1, -2*b))},
		{"gradient_layer2_weights", s.GradW[1], m(r(-3.5*a+0.5*b+0.1, 3.5*a-0.5*b), r(0.5*b, -0.5*b+0.1))},
		{"gradient_layer1_bias", s.GradB[0], m(r(-a+b, -2*b))},
		{"gradient_layer2_bias", s.GradB[1], m(r(-a+b, a-b))},
	}
	for _, c := range checks {
		if !sameMatrix(c.got, c.want, 1e-15) {
			t.Errorf("-l1 0.1: %s = %v; want %v", c.name, c.got, c.want)
		}
	}
	wantData := (-math.Log(logistic(2.5)) - math.Log(logistic(1.5))) / 2
	if math.Abs(s.L1Loss-0.6) > 1e-15 || s.L2Loss != 0 || math.Abs(s.Loss-(wantData+0.6)) > 1e-15 {
		t.Errorf("-l1 0.1: L1 part %v, L2 part %v, loss %v; want 0.6, 0 and %v", s.L1Loss, s.L2Loss, s.Loss, wantData+0.6)
	}
}

// -explain and the audit of a weight show the L1 part as they show the L2 part, from the step's table:
// -explain prints the L1 part of the loss and each gradient's line with l1_lambda * np.sign(…), and
// ParamValues gives a weight's L2 part, the gradient so far, its L1 part λ₁·sign(W) and the whole
// gradient, in that order. It catches an L1 part computed but left out of the views, and a view that
// shows the gradient before the L1 part as if it were the whole one.
func TestExplainAndAuditShowL1(t *testing.T) {
	code, out, _ := runArgs("-l1", "0.01", "-explain", "-explain-rows", "1")
	for _, want := range []string{"reg_lambda 0.01, l1_lambda 0.01.",
		"loss += l1_lambda * (np.sum(np.abs(layer1_weights_array)) + np.sum(np.abs(layer2_weights_array)))",
		"gradient_layer1_weights += l1_lambda * np.sign(layer1_weights_array)\n    ours: Step.GradW[0] = GradWL2[0] + λ₁·sign(W[0])"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("-l1 0.01 -explain: exit %d; output lacks %q", code, want)
		}
	}
	net, s := tinyNetwork()
	before := net.Clone()
	s.Run(net, Config{RegLambda: 0.3, L1Lambda: 0.1}, true)
	var names []string
	var got []float64
	for _, v := range s.ParamValues(before, nil, 0, 0, 1, false, 0.3) { // W1[0][1] = −1
		names, got = append(names, v.Name), append(got, v.M.At(0, 0))
	}
	// W1[0][1] = −1: data part 2b, L2 part 0.3·(−1), the sum, L1 part 0.1·sign(−1) = −0.1, the gradient
	b := logistic(-1.5) / 2
	want := []float64{-1, 2 * b, -0.3, 2*b - 0.3, -0.1, 2*b - 0.3 - 0.1}
	if strings.Join(names, ",") != "layer1_weights_array,gradient_layer1_weights,L2,gradient_layer1_weights,L1,gradient_layer1_weights" || !sameMatrix(m(got), m(want), 1e-15) {
		t.Errorf("ParamValues of W1[0][1] with -l1: %v %v; want the parameter, data part, L2, so far, L1, gradient: %v", names, got, want)
	}
}

// CrossFeatures makes TensorFlow Playground's inputs from each row's x1, x2, by hand: for the row
// (2, −0.5), x1² = 4, x2² = 0.25, x1x2 = −1; for (0, 3), 0, 9, 0. The sines are numpy's, np.sin(2.0) =
// 0.9092974268256816, np.sin(-0.5) = -0.47942553860420295, np.sin(3.0) = 0.1411200080598672 (printed by
// numpy with repr). ASCII spellings give the same inputs, in the order given. It catches x1 and x2
// swapped, a square written as the product, and a list read in another order than given.
func TestCrossFeaturesByHand(t *testing.T) {
	names, err := ParseFeatures("x1, x2,x1^2,x2**2,x1*x2,sin(x1),sin(x2)")
	if err != nil || strings.Join(names, ",") != "x1,x2,x1²,x2²,x1x2,sin(x1),sin(x2)" {
		t.Fatalf("ParseFeatures: %v, %v; want every input by its Playground name, in order", names, err)
	}
	got := CrossFeatures(m(r(2, -0.5), r(0, 3)), names)
	want := m(r(2, -0.5, 4, 0.25, -1, 0.9092974268256816, -0.47942553860420295), r(0, 3, 0, 9, 0, 0, 0.1411200080598672))
	if !sameMatrix(got, want, 1e-15) {
		t.Errorf("CrossFeatures = %v; want %v", got, want)
	}
	if got := CrossFeatures(m(r(2, -0.5)), []string{"x2²", "x1"}); !sameMatrix(got, m(r(0.25, 2)), 0) {
		t.Errorf("CrossFeatures(x2², x1) = %v; want [0.25 2]", got)
	}
}

// -features makes its inputs from the raw features, before -standardize: the standardizer's mean of x1²
// is the mean of the raw x1 squared, and each input the network reads is (x1² − mean)/std of its raw
// row. (Squaring after standardizing would give the mean of the squared z-scores, 1 within rounding.)
// The network has one input per item, and the pictures' rows stay the raw ones. (Catches: the inputs
// made from the standardized features, and the pictures given the expanded rows.)
func TestFeaturesAreMadeBeforeStandardizing(t *testing.T) {
	opts, err := parseFlags([]string{"-dataset", "circles", "-observations", "50", "-features", "x1,x1^2,x1x2", "-standardize"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := newExperiment(opts.Setup, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	raw := ex.rawTrain.X
	if ex.net.Sizes()[0] != 3 || raw.cols != 2 || ex.train.X.cols != 3 {
		t.Fatalf("network inputs %d, raw features %d, training inputs %d; want 3, 2, 3", ex.net.Sizes()[0], raw.cols, ex.train.X.cols)
	}
	mean, sq := 0.0, 0.0
	for i := 0; i < raw.rows; i++ {
		x1 := raw.At(i, 0)
		mean += x1 * x1 / float64(raw.rows)
	}
	for i := 0; i < raw.rows; i++ {
		d := raw.At(i, 0)*raw.At(i, 0) - mean
		sq += d * d / float64(raw.rows)
	}
	if math.Abs(ex.st.Mean[1]-mean) > 1e-12 || math.Abs(ex.st.Std[1]-math.Sqrt(sq)) > 1e-12 {
		t.Errorf("x1²'s mean and deviation %v, %v; want the raw x1²'s, %v and %v", ex.st.Mean[1], ex.st.Std[1], mean, math.Sqrt(sq))
	}
	x1 := raw.At(0, 0)
	if got, want := ex.train.X.At(0, 1), (x1*x1-mean)/math.Sqrt(sq); math.Abs(got-want) > 1e-12 {
		t.Errorf("row 0's x1² input %v; want (x1² − mean)/std = %v", got, want)
	}
}

// The circles lesson, and the picture of it: the softmax linear classifier given x1² and x2² (and
// -standardize, which the picture must apply to each point's inputs too) draws a closed region round the
// inner circle in the raw plane — the centre of the plane is the inner class, its four corners the
// outer one, which no straight boundary can draw (a half-plane holding the centre holds a corner). The
// saved model records the inputs and -predict applies them to the raw columns. It catches a picture that
// feeds the network the raw points (a shape panic, or straight regions), a picture that forgets the
// scaling, and a -predict that forgets the inputs.
func TestFeaturesSeparateCircles(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runArgs("-dataset", "circles", "-observations", "200", "-hidden", "none", "-features", "x1,x2,x1^2,x2^2", "-standardize",
		"-lr", "1", "-steps", "300", "-save", dir+"/c.json")
	if code != 0 || !strings.Contains(stdout, "Test accuracy: 100%") {
		t.Fatalf("circles with x1², x2²: exit %d, %s %s; want 100%% of the test points", code, stdout, stderr)
	}
	opts, _ := parseFlags([]string{"-dataset", "circles", "-observations", "200", "-hidden", "none", "-features", "x1,x2,x1²,x2²", "-standardize", "-lr", "1", "-steps", "300"}, io.Discard)
	ex, err := newExperiment(opts.Setup, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Train(ex.net, ex.train.X, ex.train.Y, ex.cfg, io.Discard); err != nil {
		t.Fatal(err)
	}
	p, err := ex.plane("")
	if err != nil {
		t.Fatal(err)
	}
	var classes []int
	planeGrid(ex.onPlane(ex.net, p), p, 3, 3, func(top int, pass *Pass) { classes = append(classes, ArgmaxRows(pass.OutputLayer)...) })
	// make_circles: class 1 is the inner circle; cells row by row from the top left, (1, 1) the centre
	if fmt.Sprint(classes) != "[0 0 0 0 1 0 0 0 0]" {
		t.Errorf("the plane's 3 × 3 cells are of classes %v; want the centre inner (1), the rest outer (0)", classes)
	}
	model, err := readModelFile(dir + "/c.json")
	if err != nil || strings.Join(model.Inputs, ",") != "x1,x2,x1²,x2²" || strings.Join(model.Features, ",") != "x1,x2" {
		t.Fatalf("the saved model: %v, inputs %v, features %v; want the inputs x1,x2,x1²,x2² of the features x1,x2", err, model.Inputs, model.Features)
	}
	os.WriteFile(dir+"/pts.csv", []byte("x1,x2\n0,0\n1.2,1.2\n"), 0o644)
	code, stdout, stderr = runArgs("-load", dir+"/c.json", "-predict", dir+"/pts.csv")
	if lines := strings.Split(stdout, "\n"); code != 0 || len(lines) < 3 || !strings.HasPrefix(lines[1], "1,") || !strings.HasPrefix(lines[2], "0,") {
		t.Errorf("-predict (0, 0) and (1.2, 1.2): exit %d, %q %s; want the inner class 1, then 0", code, stdout, stderr)
	}
}

// sign is numpy's np.sign: −1, 0, +1, with 0 for both zeros and NaN for NaN (values from np.sign of
// [-2.5, -0.0, 0.0, 1e-300, inf, nan]: [-1, 0, 0, 1, 1, nan]). It catches sign(0) = +1 (the Go idiom
// math.Copysign(1, x)), which gives a weight at exactly 0 an L1 pull.
func TestSignIsNumpys(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{{-2.5, -1}, {math.Copysign(0, -1), 0}, {0, 0}, {1e-300, 1}, {math.Inf(1), 1}} {
		if got := sign(c.x); got != c.want {
			t.Errorf("sign(%v) = %v; want %v", c.x, got, c.want)
		}
	}
	if got := sign(math.NaN()); !math.IsNaN(got) {
		t.Errorf("sign(NaN) = %v; want NaN", got)
	}
}

// One whole training step of the tiny network above, through Train, with a learning rate and a λ that
// differ (0.1 and 0.3), so that using one where the other belongs fails; every updated weight and bias is
// worked out from the gradients above, so that a bias never updated, a learning rate applied twice or a
// gradient added instead of subtracted fails too.
//
//	loss = data loss + ½·λ·(ΣW1² + ΣW2²) = (−log σ(2.5) − log σ(1.5))/2 + ½·0.3·(3 + 5)
//	     = 0.12737… + 1.2                  (with λ and the learning rate swapped the L2 part is 0.4)
//
// The update W ← W − lr·(∂L/∂W + λ·W) = (1 − 0.03)·W − 0.1·∂L/∂W, and b ← b − 0.1·∂L/∂b:
//
//	W1' = 0.97·[[1, −1], [1, 0]] − 0.1·[[−a − b, 2b], [−2a + b, −2b]]
//	    = [[0.97 + 0.1a + 0.1b, −0.97 − 0.2b], [0.97 + 0.2a − 0.1b, 0.2b]]
//	b1' = [0.5, −0.5] − 0.1·[−a + b, −2b] = [0.5 + 0.1a − 0.1b, −0.5 + 0.2b]
//	W2' = 0.97·[[1, 0], [0, 2]] − 0.1·[[−3.5a + 0.5b, 3.5a − 0.5b], [0.5b, −0.5b]]
//	    = [[0.97 + 0.35a − 0.05b, −0.35a + 0.05b], [−0.05b, 1.94 + 0.05b]]
//	b2' = [−1, 0] − 0.1·[−a + b, a − b] = [−1 + 0.1a − 0.1b, −0.1a + 0.1b]
//
// with a = σ(−2.5)/2 = 0.0379290900…, b = σ(−1.5)/2 = 0.0912127619… (Catches: the update using λ for the
// learning rate, an L2 gradient of λ/2·W, biases regularized, the printed loss without its L2 part 1.2.)
func TestTinyNetworkOneStepByHand(t *testing.T) {
	net, s := tinyNetwork()
	var out bytes.Buffer
	losses, err := Train(net, &s.X, &s.Y, Config{LearningRate: 0.1, RegLambda: 0.3, Steps: 1, Every: 1, LossLabel: "Loss", RecordLoss: true}, &out)
	if err != nil {
		t.Fatal(err)
	}
	a, b := logistic(-2.5)/2, logistic(-1.5)/2
	wantLoss := (-math.Log(logistic(2.5))-math.Log(logistic(1.5)))/2 + 1.2
	if len(losses) != 1 || math.Abs(losses[0]-wantLoss) > 1e-15 {
		t.Errorf("recorded losses %v; want [%v]", losses, wantLoss)
	}
	if got, want := out.String(), "Loss at step 0: "+formatFloat(losses[0])+"\n"; got != want {
		t.Errorf("printed %q; want %q", got, want)
	}
	checks := []struct {
		name      string
		got, want *Matrix
	}{
		{"W1", net.W[0], m(r(0.97+0.1*a+0.1*b, -0.97-0.2*b), r(0.97+0.2*a-0.1*b, 0.2*b))},
		{"b1", net.B[0], m(r(0.5+0.1*a-0.1*b, -0.5+0.2*b))},
		{"W2", net.W[1], m(r(0.97+0.35*a-0.05*b, -0.35*a+0.05*b), r(-0.05*b, 1.94+0.05*b))},
		{"b2", net.B[1], m(r(-1+0.1*a-0.1*b, -0.1*a+0.1*b))},
	}
	for _, c := range checks {
		if !sameMatrix(c.got, c.want, 1e-15) {
			t.Errorf("%s after one step = %v; want %v", c.name, c.got, c.want)
		}
	}
}

// Softmax subtracts each row's own maximum: rows at very different scales in one matrix. (Subtracting
// the whole matrix's maximum, 1000, would turn the row [0 0] into exp(−1000)/… = 0/0 = NaN.)
//
//	[0 0]          → [½ ½]
//	[1000 1000]    → [½ ½]
//	[−1000 −999]   → [σ(−1) σ(1)] = [1/(1+e), e/(1+e)]
//	[3 −2]         → [σ(5) σ(−5)]
//
// and the loss of each row's class 0 is −log of its first probability: log 2, log 2, log(1+e), −log σ(5).
// (Catches: subtracting the whole matrix's maximum, or no maximum at all: NaN rows.)
func TestSoftmaxRowsAtDifferentScales(t *testing.T) {
	z := m(r(0, 0), r(1000, 1000), r(-1000, -999), r(3, -2))
	p := NewMatrix(4, 2)
	SoftmaxInto(p, z)
	want := m(r(0.5, 0.5), r(0.5, 0.5), r(logistic(-1), logistic(1)), r(logistic(5), logistic(-5)))
	if !sameMatrix(p, want, 1e-15) {
		t.Errorf("softmax(%v) = %v; want %v", z, p, want)
	}
	y := m(r(1, 0), r(1, 0), r(1, 0), r(1, 0))
	wantLoss := (math.Log(2) + math.Log(2) + math.Log(1+math.E) - math.Log(logistic(5))) / 4
	if got := CrossEntropyLoss(z, y); math.Abs(got-wantLoss) > 1e-15 {
		t.Errorf("cross-entropy = %v; want %v", got, wantLoss)
	}
}

// Accuracy counts the rows whose most probable class is the labelled one; a tie goes to the first class,
// as np.argmax's does.
//
//	[0.2 0.5 0.3], class 1: right.   [0.4 0.4 0.2], class 1: the tie goes to class 0: wrong.
//	[0.4 0.4 0.2], class 0: right.   [0.1 0.1 0.8], class 2: right.      3 of 4: 75%.
//
// (Catches: a tie given to the last class, a correct count off by one, a percentage rounded by integer
// division.)
func TestAccuracyByHand(t *testing.T) {
	probs := m(r(0.2, 0.5, 0.3), r(0.4, 0.4, 0.2), r(0.4, 0.4, 0.2), r(0.1, 0.1, 0.8))
	y := m(r(0, 1, 0), r(0, 1, 0), r(1, 0, 0), r(0, 0, 1))
	if pct, correct := Accuracy(probs, y); pct != 75 || correct != 3 {
		t.Errorf("Accuracy = %v%% (%d correct); want 75%% (3)", pct, correct)
	}
	// every one wrong: 0%, not a rounding of it
	if pct, correct := Accuracy(m(r(0.9, 0.1), r(0.2, 0.8)), m(r(0, 1), r(1, 0))); pct != 0 || correct != 0 {
		t.Errorf("Accuracy of two wrong rows = %v%% (%d); want 0%%", pct, correct)
	}
}

// Softmax and the loss stay finite for scores far beyond exp's range, where the post's formulas give
// NaN (exp(1000) = +Inf, Inf/Inf) and −log(0) = +Inf. (Catches: the loss taken as −log of a probability that
// underflowed to 0 — +Inf —, a softmax without the row's maximum subtracted — NaN.)
func TestSoftmaxAndLossLargeScores(t *testing.T) {
	z := m(r(1000, 0, -1000))
	p := NewMatrix(1, 3)
	SoftmaxInto(p, z)
	// exp(z − 1000) = [1, e^−1000 → 0, 0]: p = [1, 0, 0]
	if !sameMatrix(p, m(r(1, 0, 0)), 0) {
		t.Errorf("softmax(%v) = %v; want [[1 0 0]]", z, p)
	}
	// −log p₁ = log(1 + e^−1000 + e^−2000) − (0 − 1000) = 1000 (the log term rounds to 0)
	if got := CrossEntropyLoss(z, m(r(0, 1, 0))); got != 1000 {
		t.Errorf("loss of class 1 for scores %v = %v; want 1000", z, got)
	}
}

// ---------------------------------------------------------------------------------------------------
// Gradient checks: backprop against central differences for every parameter.

func testData(g *lcg, n, d, k int) (x, y *Matrix) {
	x = g.matrix(n, d)
	y = NewMatrix(n, k)
	for i := 0; i < n; i++ {
		y.Set(i, i%k, 1)
	}
	return x, y
}

// Backprop's gradient of every weight and bias array against central differences, for every
// -activation, with one and with two hidden layers, without and with -l1: each array's largest relative
// error is above 0 (something was measured) and at most 1e-6. The derivative each activation's backward
// line multiplies by is the loss's own slope, and so is L1's λ₁·sign(W). (Catches: the slips STYLE.md
// lists — an L2 gradient with the wrong coefficient, a cross-entropy gradient that ignores the labels, a
// bias gradient summed over the wrong axis —; tanh′ as 1 − h, σ′ as h, the ReLU's mask left on another
// activation, L1's sign flipped or its λ₁ halved; and a check that compared nothing.)
func TestGradientCheck(t *testing.T) {
	for _, act := range Activations {
		for _, sizes := range [][]int{{3, 4, 3}, {3, 5, 4, 3}} {
			for _, l1 := range []float64{0, 0.05} {
				gradientCheckPasses(t, act, sizes, l1)
			}
		}
	}
}

func gradientCheckPasses(t *testing.T, act string, sizes []int, l1 float64) {
	{
		g := lcg(7)
		net := NewNetwork(sizes, g.matrix)
		net.Activation = act
		for _, b := range net.B {
			copy(b.data, g.matrix(1, b.cols).data)
		}
		x, y := testData(&g, 11, sizes[0], sizes[len(sizes)-1])
		results := GradientCheck(net, x, y, 0.1, l1)
		if len(results) != 2*(len(sizes)-1) {
			t.Fatalf("sizes %v: %d results; want one per weight and bias array, %d", sizes, len(results), 2*(len(sizes)-1))
		}
		for _, res := range results {
			// above 0: the check measured something (a check that kept the smallest error would report 0)
			if res.Checked == 0 || !(res.MaxRelErr > 0 && res.MaxRelErr <= 1e-6) {
				t.Errorf("%s, sizes %v, l1 %v, %s: max relative error %.2g over %d entries (%d skipped); want in (0, 1e-6]",
					act, sizes, l1, res.Name, res.MaxRelErr, res.Checked, res.Skipped)
			}
		}
	}
}

// The gradient check fails a backprop that is wrong. Labels scaled by 2 plant a real error: the loss
// reads only which class is largest in y, so it does not change, but backprop's output error signal is
// (p − y)/N, which does. Every gradient then differs from the numeric one by about 1/N per row's share:
// far above 1e-6. -gradcheck's report says so and returns an error (exit status 1). A NaN weight makes
// every error NaN, which must fail too, not pass as "not above 1e-6". (Catches: a check that passes whatever
// backprop gives, -gradcheck exiting 0 on a failure, a NaN passing as "not above 1e-6".)
func TestGradientCheckFailsWrongBackprop(t *testing.T) {
	g := lcg(7)
	net := NewNetwork([]int{3, 4, 3}, g.matrix)
	x, y := testData(&g, 11, 3, 3)
	twice := Scale(2, y)
	worst := 0.0
	for _, res := range GradientCheck(net, x, twice, 0.1, 0) {
		worst = max(worst, res.MaxRelErr)
	}
	if worst < 1e-2 {
		t.Errorf("labels scaled by 2: GradientCheck's largest error %.2g; want a large one", worst)
	}
	var out bytes.Buffer
	train := &Dataset{X: x, Y: twice}
	if err := gradientCheckReport(&out, net, train, Config{RegLambda: 0.1}); err == nil || !strings.Contains(err.Error(), "gradient check failed") {
		t.Errorf("-gradcheck's report on a wrong backprop: error %v; want \"gradient check failed\"\n%s", err, out.String())
	}
	net.W[0].data[0] = math.NaN()
	if err := gradientCheckReport(&out, net, &Dataset{X: x, Y: y}, Config{RegLambda: 0.1}); err == nil {
		t.Error("-gradcheck's report on a NaN weight passed")
	}
}

// The gradient check reports the relative error |a − n| / max(|a|, |n|, 1e-3), worked out by hand on a
// case whose difference is off by a known amount: one row x = 1, no hidden layer (sizes 1 → 2), W = [1 0],
// b = [0 0], the label class 0, λ = 0, and h = 1, so large that even the extrapolated difference
// (4·D(h/2) − D(h))/3 is off by 0.09%. The scores are z = (w₀ + b₀, w₁ + b₁) and L = log(e^z₀ + e^z₁) − z₀,
// which for w₀ is log(1 + e^−w₀):
//
//	∂L/∂w₀ = p₀ − 1 = e/(e + 1) − 1 = −1/(1 + e)                               = −0.26894142136999512
//	D(1)   = (L(w₀ = 2) − L(w₀ = 0)) / 2   = (log(1 + e⁻²) − log 2) / 2        = −0.28310958475848635
//	D(1/2) = (L(w₀ = 1.5) − L(w₀ = 0.5)) / 1 = log(1 + e⁻¹·⁵) − log(1 + e⁻⁰·⁵)   = −0.27266370619735425
//	numeric = (4·D(1/2) − D(1)) / 3                                            = −0.26918174667697686
//	relative error: (0.26918174667697686 − 0.26894142136999512) / 0.26918174667697686 = 0.00089279941878880
//
// ∂L/∂w₁ = p₁ = 1/(1 + e) and its differences are the same numbers with the sign turned (L for w₁ is
// log(e + e^w₁) − 1, the mirror image), and the biases' entries are the same again (x = 1). (Catches:
// the relative error computed with * for / — 6.5e-5 — or divided by the smaller of |a| and |n| —
// 0.00089360 —, so that -gradcheck reports a wrong figure while still failing a wrong backprop; and the
// extrapolation's weights slipped — plain D(1) gives 0.0500.) The figures were computed from these
// formulas with Python's math module.
func TestGradientCheckReportsTheRelativeError(t *testing.T) {
	saved := gradCheckSteps
	defer func() { gradCheckSteps = saved }()
	gradCheckSteps = []float64{1}
	net := &Network{W: []*Matrix{m(r(1, 0))}, B: []*Matrix{m(r(0, 0))}}
	results := GradientCheck(net, m(r(1)), m(r(1, 0)), 0, 0)
	if len(results) != 2 {
		t.Fatalf("%d results; want 2 (the weights and the biases)", len(results))
	}
	for _, res := range results {
		if res.Checked != 2 || math.Abs(res.MaxRelErr-0.00089279941878880) > 1e-12 {
			t.Errorf("%s: max relative error %.17g over %d entries; want 0.00089279941878880 over 2", res.Name, res.MaxRelErr, res.Checked)
		}
	}
}

// The central difference sees an L2 gradient with the wrong coefficient (λ/2·W, a mistake seen in other
// from-scratch networks): it differs from the numeric slope by far more than the check's 1e-6. (Catches: a
// finite-difference step h so large that the check cannot tell λ·W from λ/2·W.)
func TestNumericGradientSeesWrongL2(t *testing.T) {
	g := lcg(3)
	net := NewNetwork([]int{2, 3, 2}, g.matrix)
	x, y := testData(&g, 5, 2, 2)
	s := NewStep(net.Sizes(), 5)
	s.X, s.Y = *x, *y
	s.Run(net.Clone(), Config{RegLambda: 0.5}, false)
	// The step adds λ·W; take back half of it, leaving the wrong λ/2·W.
	AddScaledInto(s.GradW[0], s.GradW[0], -0.25, net.W[0])
	numeric := numericGradient(net, x, y, net.W[0], 0, 0.5)
	if rel := math.Abs(s.GradW[0].data[0]-numeric) / max(math.Abs(numeric), 1e-3); rel < 1e-3 {
		t.Errorf("a wrong L2 gradient differs from the numeric one by only %.2g", rel)
	}
}

func numericGradient(net *Network, x, y, param *Matrix, i int, reg float64) float64 {
	p := NewPass(net.Sizes(), x.rows)
	p.X = *x
	orig := param.data[i]
	param.data[i] = orig + gradCheckSteps[0]
	plus := net.Loss(p, y, reg, 0)
	param.data[i] = orig - gradCheckSteps[0]
	minus := net.Loss(p, y, reg, 0)
	param.data[i] = orig
	return (plus - minus) / (2 * gradCheckSteps[0])
}

// The training step over a batch of several sum blocks equals the same step computed with the plain
// versions of every kernel (matrix.go's …Plain), to the last bit: the speed underneath changes nothing.
// (Catches: any bit by which the fast kernels differ from the plain loops in a whole step, the biases
// regularized, the update reading the gradient before its L2 part is added.)
func TestStepEqualsPlainStep(t *testing.T) {
	g := lcg(5)
	n := 3*sumBlock + 17 // four blocks, the last one short
	net := NewNetwork([]int{4, 6, 3}, g.matrix)
	for _, b := range net.B {
		copy(b.data, g.matrix(1, b.cols).data)
	}
	x, y := testData(&g, n, 4, 3)
	const lr, reg = 0.1, 0.3
	before := net.Clone()
	s := NewStep(net.Sizes(), n)
	s.X, s.Y = *x, *y
	s.Run(net, Config{LearningRate: lr, RegLambda: reg}, true)

	// the same step, written with the plain kernels and plain loops
	w1, b1, w2, b2 := before.W[0], before.B[0], before.W[1], before.B[1]
	hidden := plainMul(x, w1)
	for i := range hidden.data {
		hidden.data[i] = max(hidden.data[i]+b1.data[i%6], 0)
	}
	scores := plainMul(hidden, w2)
	probs := NewMatrix(n, 3)
	for i := 0; i < n; i++ {
		zi, pi := scores.Row(i), probs.Row(i)
		for j := range zi {
			zi[j] += b2.data[j]
		}
		m, sum := math.Max(math.Max(zi[0], zi[1]), zi[2]), 0.0 // softmax, the row's maximum subtracted
		for j := range zi {
			pi[j] = math.Exp(zi[j] - m)
			sum += pi[j]
		}
		for j := range pi {
			pi[j] /= sum
		}
	}
	loss := sumRowPairsPlain(scores, y, crossEntropyRow)/float64(n) + before.L2Loss(reg)
	delta := Sub(probs, y)
	for i := range delta.data {
		delta.data[i] /= float64(n)
	}
	deltaH := plainMul(delta, w2.T())
	for i, h := range hidden.data {
		if !(h > 0) {
			deltaH.data[i] = 0
		}
	}
	gw2, gb2 := plainMulTransA(hidden, delta), plainSumRows(delta)
	gw1, gb1 := plainMulTransA(x, deltaH), plainSumRows(deltaH)
	update := func(w, g *Matrix, l2 float64) *Matrix {
		out := NewMatrix(w.rows, w.cols)
		for i, v := range w.data {
			out.data[i] = v - lr*(g.data[i]+l2*v)
		}
		return out
	}
	if math.Float64bits(s.Loss) != math.Float64bits(loss) {
		t.Errorf("loss %v; plain %v", s.Loss, loss)
	}
	for _, c := range []struct {
		name      string
		got, want *Matrix
	}{
		{"hidden_layer", s.Hidden[0], hidden}, {"output_probs", s.OutputProbs, probs},
		{"output_error_signal", s.OutputErrorSignal, delta}, {"error_signal_hidden", s.ErrorSignalHidden[0], deltaH},
		{"W1", net.W[0], update(w1, gw1, reg)}, {"b1", net.B[0], update(b1, gb1, 0)},
		{"W2", net.W[1], update(w2, gw2, reg)}, {"b2", net.B[1], update(b2, gb2, 0)},
	} {
		if !sameMatrix(c.got, c.want, 0) {
			t.Errorf("%s differs from the plain step's", c.name)
		}
	}
}

// With two hidden layers every line of Step.Run runs for every layer: each error signal, gradient,
// weight and bias the step leaves equals the post's rule recomputed with the plain loops from the step's
// own buffers, bit for bit, layer by layer. TestStepEqualsPlainStep holds the whole step for one hidden
// layer; this holds the loops over the hidden layers. Catches: a loop that skips a layer or takes one
// twice, a layer's gradient read from another layer's error signal, a deep layer's update done twice or
// without its L2 part.
func TestStepAppliesEveryRuleToEveryLayer(t *testing.T) {
	g := lcg(9)
	net := NewNetwork([]int{3, 6, 4, 2}, g.matrix)
	for _, b := range net.B {
		copy(b.data, g.matrix(1, b.cols).data)
	}
	x, y := testData(&g, 50, 3, 2)
	const lr, reg = 0.1, 0.3
	before := net.Clone()
	s := NewStep(net.Sizes(), 50)
	s.X, s.Y = *x, *y
	s.Run(net, Config{LearningRate: lr, RegLambda: reg}, false)
	// elementwise returns f of each element of a: a post line's arithmetic, written out
	elementwise := func(a *Matrix, f func(i int, v float64) float64) *Matrix {
		out := NewMatrix(a.rows, a.cols)
		for i, v := range a.data {
			out.data[i] = f(i, v)
		}
		return out
	}
	last := len(net.W) - 1
	for l := last; l >= 0; l-- {
		check := func(name string, got, want *Matrix) {
			if !sameMatrix(got, want, 0) {
				t.Errorf("layer %d: %s differs from the post's rule computed with the plain loops", l, name)
			}
		}
		delta := s.errorSignal(l)
		if l < last { // error_signal_hidden = np.dot(δ, W.T), then [hidden_layer <= 0] = 0
			masked := elementwise(plainMul(s.errorSignal(l+1), before.W[l+1].T()), func(i int, v float64) float64 {
				if s.Hidden[l].data[i] > 0 {
					return v
				}
				return 0
			})
			check("error_signal_hidden", delta, masked)
		}
		check("the weights' gradient, data part", s.DataGradW[l], plainMulTransA(s.layerInput(l), delta))
		check("the bias's gradient", s.GradB[l], plainSumRows(delta))
		check("the weights' gradient, L2 part added", s.GradW[l], elementwise(before.W[l], func(i int, w float64) float64 { return s.DataGradW[l].data[i] + reg*w }))
		check("the weights", net.W[l], elementwise(before.W[l], func(i int, w float64) float64 { return w + -lr*s.GradW[l].data[i] }))
		check("the biases", net.B[l], elementwise(before.B[l], func(i int, b float64) float64 { return b + -lr*s.GradB[l].data[i] }))
	}
}

// After its first step the training loop allocates nothing, for the post's shape, two hidden layers, a
// wide network, and a minibatch: every buffer is the Step's, every scratch space the workers'. (Catches: a
// buffer made anew at each step — Mul where MulInto was meant, a slice grown per step —, which slows every
// run and loads the garbage collector.)
func TestTrainingStepAllocatesNothing(t *testing.T) {
	for _, tc := range []struct {
		sizes   []int
		n       int
		batch   int
		loss    bool
		skipped bool // too slow for -short
	}{
		{[]int{2, 5, 3}, 13500, 0, false, false},
		{[]int{2, 5, 3}, 13500, 0, true, false},
		{[]int{2, 16, 8, 3}, 5000, 0, true, false},
		{[]int{2, 5, 3}, 13500, 100, true, false},
		{[]int{64, 256, 10}, 4000, 0, true, true},
	} {
		if tc.skipped && testing.Short() {
			continue
		}
		g := lcg(6)
		net := NewNetwork(tc.sizes, g.matrix)
		x, y := testData(&g, tc.n, tc.sizes[0], tc.sizes[len(tc.sizes)-1])
		tr := NewTrainer(net, x, y, Config{LearningRate: 0.01, RegLambda: 0.01, Batch: tc.batch})
		tr.Next(tc.loss) // the first step may grow the workers' scratch space
		if allocs := testing.AllocsPerRun(5, func() { tr.Next(tc.loss) }); allocs != 0 {
			t.Errorf("sizes %v, %d rows, batch %d: a training step allocates %v times; want 0", tc.sizes, tc.n, tc.batch, allocs)
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// numpy's random stream, bit for bit. All expected values: ../shared/reference/blog-numpy.txt.

// The Mersenne Twister seeded as np.random.seed(12) gives numpy's first five raw 32-bit outputs
// (../shared/reference/blog-numpy.txt). (Catches: a slip in the seeding — init_genrand's multiplier —, in the
// twist or in the tempering shifts.)
func TestMT19937MatchesNumpy(t *testing.T) {
	// numpy: np.random.seed(12); [np.random.randint(2**32) …] — "first 5 raw 32-bit outputs"
	want := []uint32{662124363, 1916507803, 3178489222, 3751169277, 1130929393}
	rng := NewRandomState(12)
	for i, w := range want {
		if got := rng.Uint32(); got != w {
			t.Errorf("output %d = %d; want numpy's %d", i, got, w)
		}
	}
}

// random_sample's doubles, (a>>5 · 2²⁶ + b>>6) / 2⁵³ from two raw outputs, as numpy makes them (reference
// file). (Catches: a 32-bit double from one output, the two outputs' shifts swapped.)
func TestRandomSampleMatchesNumpy(t *testing.T) {
	// numpy: np.random.seed(12); np.random.random_sample(5)
	want := parseFloats(t, "0.15416284237967237", "0.7400496965154048", "0.26331501518513467", "0.5337393933802977", "0.014574962485419674")
	rng := NewRandomState(12)
	for i, w := range want {
		if got := rng.Float64(); got != w {
			t.Errorf("random_sample %d = %v; want numpy's %v", i, got, w)
		}
	}
}

// numpy's legacy polar-method normals, second value of each pair first (reference file). (Catches: each
// pair's values in the other order, Box–Muller for the polar method, the pair's second value thrown away.)
func TestStandardNormalMatchesNumpy(t *testing.T) {
	// numpy: np.random.seed(12); np.random.standard_normal(6) — three polar pairs, second value first
	want := parseFloats(t, "0.47298583148997897", "-0.6814258794394451", "0.24243949669047796", "-1.7007356340383315", "0.7531428339492002", "-1.534721340208044")
	rng := NewRandomState(12)
	for i, w := range want {
		if got := rng.NormFloat64(); got != w {
			t.Errorf("standard_normal %d = %v; want numpy's %v", i, got, w)
		}
	}
}

// np.random.permutation(10) with seed 12 (reference file). (Catches: Fisher–Yates run from the front, the
// bound of each swap exclusive of i where numpy's random_interval includes it.)
func TestPermutationMatchesNumpy(t *testing.T) {
	// numpy: np.random.seed(12); np.random.permutation(10)
	got := NewRandomState(12).Permutation(10)
	if want := "[5 8 7 0 4 9 3 2 1 6]"; fmt.Sprint(got) != want {
		t.Errorf("Permutation(10) = %v; want numpy's %v", got, want)
	}
}

// A permutation of more than 65,536 rows draws its first swap with a 17-bit mask, worked by hand from the
// raw outputs in ../shared/reference/blog-numpy.txt. Permutation(65537) first swaps position 65536 with
// j = Intn(65536) and never touches it again, so perm[65536] = j. numpy's masked rejection: the smallest
// all-ones mask covering 65536 = 2¹⁶ is 2¹⁷ − 1 = 131071; the raw outputs 662124363, 1916507803,
// 3178489222, 3751169277, each & 131071 (their remainder mod 131072), are 79691, 104091, 124294 (all above
// 65536: drawn again) and 19709. (Catches: the mask's last step, mask |= mask >> 16, left out: for 2¹⁶ the
// mask is then 131070 and the draw 19708, and every permutation of more than 65,536 rows differs from
// numpy's.) numpy's RandomState(12).permutation(65537)[-1] is 19709 too.
func TestPermutationBeyond65536Rows(t *testing.T) {
	if got := NewRandomState(12).Permutation(65537)[65536]; got != 19709 {
		t.Errorf("Permutation(65537)[65536] = %d; want 19709", got)
	}
}

// Intn(5) returns 0…5 — max included, as numpy's random_interval — and every one of them in 1000 draws.
// (Catches: a mask too small to reach max, a bound exclusive of max.)
func TestIntnStaysInRange(t *testing.T) {
	rng := NewRandomState(1)
	seen := make([]bool, 6)
	for i := 0; i < 1000; i++ {
		v := rng.Intn(5)
		if v > 5 {
			t.Fatalf("Intn(5) = %d; want 0…5", v)
		}
		seen[v] = true
	}
	for v, ok := range seen {
		if !ok {
			t.Errorf("Intn(5) never returned %d in 1000 draws", v)
		}
	}
}

// ulpsApart counts the float64 values between a and b (0 when equal; −0 and +0 are equal).
func ulpsApart(a, b float64) int64 {
	if a == b {
		return 0
	}
	key := func(x float64) int64 {
		u := int64(math.Float64bits(x))
		if u < 0 {
			u = math.MinInt64 - u
		}
		return u
	}
	d := key(a) - key(b)
	if d < 0 {
		d = -d
	}
	return d
}

// svd of the post's three covariances: singular values and vectors within 2 ulps of numpy's, signs included
// (reference file). (Catches: a singular vector's sign flipped, which mirrors the post's clusters; the
// singular values out of order.)
func TestSVDMatchesNumpy(t *testing.T) {
	// numpy: u, s, v = np.linalg.svd(cov) for the post's three covariances
	tests := []struct {
		cov  *Matrix
		s, v []string
	}{
		{m(r(2, .75), r(.75, 2)), []string{"2.7499999999999996", "1.25"},
			[]string{"-0.7071067811865475", "-0.7071067811865475", "-0.7071067811865475", "0.7071067811865475"}},
		{m(r(1, .75), r(.75, 1)), []string{"1.75", "0.25000000000000006"},
			[]string{"-0.7071067811865476", "-0.7071067811865475", "-0.7071067811865475", "0.7071067811865476"}},
		{m(r(0, .75), r(.75, 0)), []string{"0.75", "0.75"},
			[]string{"-1.0", "-0.0", "-0.0", "-1.0"}},
	}
	for _, tc := range tests {
		s, v := svd(tc.cov)
		wantS, wantV := parseFloats(t, tc.s...), parseFloats(t, tc.v...)
		for i := range s {
			if ulpsApart(s[i], wantS[i]) > 2 {
				t.Errorf("svd(%v): s[%d] = %v; want numpy's %v within 2 ulps", tc.cov, i, s[i], wantS[i])
			}
		}
		for i, w := range wantV {
			if ulpsApart(v.data[i], w) > 2 {
				t.Errorf("svd(%v): v = %v; want numpy's %v within 2 ulps", tc.cov, v, wantV)
				break
			}
		}
	}
}

// The numpy warning for the post's third covariance, and no warning for a good one. (Catches: the
// positive-semidefinite check left out, or warning on a good covariance.)
func TestMultivariateNormalWarnsLikeNumpy(t *testing.T) {
	_, warning := NewRandomState(0).MultivariateNormal([]float64{0, 0}, m(r(0, .75), r(.75, 0)), 1)
	if !strings.Contains(warning, "not symmetric positive-semidefinite") {
		t.Errorf("Σ = [[0 .75] [.75 0]]: warning %q; want numpy's 'not symmetric positive-semidefinite'", warning)
	}
	_, warning = NewRandomState(0).MultivariateNormal([]float64{0, 0}, m(r(2, .75), r(.75, 2)), 1)
	if warning != "" {
		t.Errorf("Σ = [[2 .75] [.75 2]]: unexpected warning %q", warning)
	}
}

// The sampler draws from the requested distribution: the sample mean and covariance of 20000 draws are
// within a few standard errors of μ and Σ (a Σ whose sign and rotation conventions matter). (Catches: Σ's
// square root applied transposed, the deviation √s left out, the mean added twice.)
func TestMultivariateNormalMoments(t *testing.T) {
	mean, cov := []float64{1, -2, 0.5}, m(r(2, 0.6, -0.3), r(0.6, 1, 0.2), r(-0.3, 0.2, 0.5))
	x, warning := NewRandomState(3).MultivariateNormal(mean, cov, 20000)
	if warning != "" {
		t.Fatalf("unexpected warning %q", warning)
	}
	n := float64(x.rows)
	mu := SumRows(x)
	ScaleInto(mu, 1/n, mu) // [1 x 3]
	centered := NewMatrix(x.rows, 3)
	AddRowVectorInto(centered, x, Scale(-1, mu))
	sample := Scale(1/(n-1), Mul(centered.T(), centered)) // [3 x 3]
	for j := range mean {
		if math.Abs(mu.At(0, j)-mean[j]) > 4*math.Sqrt(cov.At(j, j)/n) {
			t.Errorf("sample mean %v; want %v", mu, mean)
		}
	}
	if !sameMatrix(sample, cov, 0.05) {
		t.Errorf("sample covariance %v; want %v", sample, cov)
	}
}

// ---------------------------------------------------------------------------------------------------
// The post's data, split and weights, against numpy's.

// The post's 15000 rows as numpy made them, bit for bit: 12 rows, the sum of all 30000 values, the one
// warning for the third covariance, labels in blocks of 5000 (reference file). (Catches: the clusters drawn
// in another order, the features not rounded to float32 as the post's astype(np.float32), the warning given
// twice.)
func TestPostDataMatchesNumpy(t *testing.T) {
	var warnings []string
	ds := PostData(NewRandomState(12), 5000, func(w string) { warnings = append(warnings, w) })
	if r, c := ds.X.Dims(); r != 15000 || c != 2 {
		t.Fatalf("data is %d×%d; want 15000×2", r, c)
	}
	if len(warnings) != 1 {
		t.Errorf("warnings %q; want numpy's one, for the third covariance", warnings)
	}
	// numpy: simulated_separableish_features rows 0–2, 4999, 5000–5002, 9999, 10000–10002, 14999
	want := map[int][]string{
		0: {"-0.015910590067505836", "-1.0933395624160767"}, 1: {"1.0602641105651855", "-1.6288350820541382"},
		2: {"0.3301655054092407", "-2.0964419841766357"}, 4999: {"0.04694376513361931", "0.15557217597961426"},
		5000: {"-0.7153662443161011", "3.1933507919311523"}, 5001: {"0.5056501626968384", "3.8725414276123047"},
		5002: {"2.171956777572632", "5.251319408416748"}, 9999: {"1.7190223932266235", "4.825350284576416"},
		10000: {"1.0111870765686035", "8.353347778320312"}, 10001: {"1.261256217956543", "8.177592277526855"},
		10002: {"3.0336391925811768", "8.189226150512695"}, 14999: {"0.8102673888206482", "6.181011199951172"},
	}
	for row, w := range want {
		wantRow := parseFloats(t, w...)
		if got := ds.X.Row(row); got[0] != wantRow[0] || got[1] != wantRow[1] {
			t.Errorf("row %d = %v; want numpy's %v", row, got, wantRow)
		}
	}
	// numpy: the sum of all 30000 float32 features widened to float64, row-major order (and math.fsum)
	if got, want := ds.X.Sum(), 75228.37046287593; got != want {
		t.Errorf("sum of all features = %v; want numpy's %v", got, want)
	}
	// labels: 5000 of class 0, then 1, then 2 (post: np.hstack((zeros, ones, ones + 1)))
	labels := ds.Labels()
	for _, row := range []int{0, 4999, 5000, 9999, 10000, 14999} {
		if want := row / 5000; labels[row] != want {
			t.Errorf("label of row %d = %d; want %d", row, labels[row], want)
		}
	}
}

// train_test_split's indices for the post's 15000 rows (reference file), and ⌈test_size·n⌉ test rows, with an
// error when either part would be empty. (Catches: the test rows taken from the end of the permutation, floor
// for ceiling, a split that leaves no training row.)
func TestTrainTestSplitMatchesScikitLearn(t *testing.T) {
	train, test, err := TrainTestSplit(15000, 0.1, 12)
	if err != nil {
		t.Fatal(err)
	}
	if len(test) != 1500 || len(train) != 13500 {
		t.Fatalf("split %d/%d; want numpy's 13500/1500", len(train), len(test))
	}
	// numpy: RandomState(12).permutation(15000)[:10], [1500:1510], [-5:]
	checks := []struct {
		name      string
		got, want string
	}{
		{"test[:10]", fmt.Sprint(test[:10]), "[2429 12906 4969 6326 1662 8373 8425 5857 3502 11751]"},
		{"train[:10]", fmt.Sprint(train[:10]), "[10774 1823 6958 851 77 13813 11729 6288 6943 13261]"},
		{"train[-5:]", fmt.Sprint(train[len(train)-5:]), "[7409 3325 9606 5787 14155]"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %s; want numpy's %s", c.name, c.got, c.want)
		}
	}
	// ⌈0.3·3⌉ = 1 test row, 2 training rows; ⌈0.99·3⌉ = 3 leaves no training row.
	if train, test, err := TrainTestSplit(3, 0.3, 0); err != nil || len(train) != 2 || len(test) != 1 {
		t.Errorf("TrainTestSplit(3, 0.3) = %v, %v, %v; want 2 and 1 rows", train, test, err)
	}
	if _, _, err := TrainTestSplit(3, 0.99, 0); err == nil {
		t.Error("TrainTestSplit(3, 0.99) left no training rows and returned no error")
	}
}

// postSetup builds what `go run .` trains: the data, the split and the initial network, as main does.
func postSetup(t *testing.T) (train, test *Dataset, net *Network) {
	t.Helper()
	rng := NewRandomState(12)
	ds := PostData(rng, 5000, func(string) {})
	trainIdx, testIdx, err := TrainTestSplit(15000, 0.1, 12)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < discardedWeightDraws; i++ {
		rng.NormFloat64()
	}
	return ds.Subset(trainIdx), ds.Subset(testIdx), NewNetwork([]int{2, 5, 3}, rng.NormalMatrix)
}

// The post's starting W1 and W2 bit for bit (reference file): the draws after the data and after the 50 the
// notebook discarded. (Catches: the discarded draws left out or counted as 25, W2 drawn before W1, a matrix
// filled column by column.)
func TestInitialWeightsMatchNumpy(t *testing.T) {
	_, _, net := postSetup(t)
	// numpy: layer1_weights_array, layer2_weights_array as the post trained them
	w1 := parseFloats(t, "0.01866711818356197", "2.608830555199934", "-0.2002700937777478", "-0.37959021584635", "-0.24099303871407665",
		"1.2115369782448782", "0.41787950548954533", "-1.8700157569109876", "-1.0648497123355396", "0.4701563723415301")
	w2 := parseFloats(t, "-0.9550545609242699", "-1.046006593883364", "-0.15255762740821635",
		"-1.1029617106313012", "1.289085546523703", "1.3430634447318885",
		"2.0067587649706367", "0.3879055637100274", "0.09123658477075132",
		"-0.3079724905339771", "0.8489750407436688", "-0.5431784367235482",
		"0.5564294040611536", "0.37366032023301604", "-0.0007206204660935151")
	if want := NewMatrixFrom(2, 5, w1); !sameMatrix(net.W[0], want, 0) {
		t.Errorf("W1 = %v; want numpy's %v", net.W[0], want)
	}
	if want := NewMatrixFrom(5, 3, w2); !sameMatrix(net.W[1], want, 0) {
		t.Errorf("W2 = %v; want numpy's %v", net.W[1], want)
	}
}

// Step 0 on the post's own data: gradient_layer1_weights (L2 part included) and gradient_layer2_bias within
// 1e-12 of numpy's (reference file). (Catches: any slip of Step.Run that the post's shapes show — the L2 part
// left out of W1's gradient, δ not divided by N, the bias gradient summed over columns.)
func TestStepZeroGradientsMatchNumpy(t *testing.T) {
	train, _, net := postSetup(t)
	s := NewStep(net.Sizes(), train.X.rows)
	s.X, s.Y = *train.X, *train.Y
	s.Run(net, Config{LearningRate: 0.01, RegLambda: 0.01}, false)
	gradW, gradB := s.GradW, s.GradB
	// numpy: gradient_layer1_weights after += reg_lambda * layer1_weights_array, and gradient_layer2_bias,
	// at step 0
	w1 := NewMatrixFrom(2, 5, parseFloats(t, "0.3630644815789447", "0.49019101946896", "-0.03953886708941673", "-0.010216894917559217", "-0.14946525140975395",
		"1.2878463888623182", "0.3286599642797769", "0.05630900069752108", "-0.04697643085044336", "-0.5594021140534459"))
	b2 := NewMatrixFrom(1, 3, parseFloats(t, "-0.21146974183596323", "-0.23880254309414983", "0.4502722849301106"))
	if !sameMatrix(gradW[0], w1, 1e-12) {
		t.Errorf("step-0 gradient of W1 = %v; want numpy's %v", gradW[0], w1)
	}
	if !sameMatrix(gradB[1], b2, 1e-12) {
		t.Errorf("step-0 gradient of b2 = %v; want numpy's %v", gradB[1], b2)
	}
}

// numpyLosses are the post's printed losses as numpy 1.24 computes them (reference file, "Loss at step").
var numpyLosses = []string{"2.9703156928200616", "0.673303741742798", "0.5038560362521088", "0.4133453668560856",
	"0.3526794838981581", "0.31117223787297815", "0.28255046167542347", "0.2622623430016995", "0.2474470565324911",
	"0.23626175394529542", "0.227432723213069"}

// matchNumpyLosses checks the printed lines "<label> at step <k·every>: <loss>" against numpy's losses.
//
// Our sums over rows are grouped in blocks of 1024 rows, numpy's BLAS groups them its own way, so the
// last bits differ; over the whole runs the losses have stayed within 5e-16 relative of numpy's. 1e-13
// leaves room for another compiler or processor, and still fails any real slip.
func matchNumpyLosses(t *testing.T, lines []string, label string, every int, numpy []string) {
	t.Helper()
	for i, w := range numpy {
		prefix := fmt.Sprintf("%s at step %d: ", label, every*i)
		if !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %d = %q; want it to start %q", i, lines[i], prefix)
			continue
		}
		got, want := parseFloats(t, strings.TrimPrefix(lines[i], prefix))[0], parseFloats(t, w)[0]
		if math.Abs(got-want) > 1e-13*want {
			t.Errorf("%s at step %d = %v; want numpy's %v within 1e-13 relative", label, every*i, got, want)
		}
	}
}

// The whole default run, through run() as `go run .` does it: the 11 losses within 1e-13 relative of
// numpy's, the post's test accuracy, and the same bytes with one goroutine and with four. (Catches: any slip
// anywhere in the default run — data, split, weights, step, printing —, and output that depends on the number
// of cores.)
func TestDefaultRunMatchesNumpy(t *testing.T) {
	if testing.Short() {
		t.Skip("the full 5001-step run")
	}
	var outputs []string
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		var stdout, stderr bytes.Buffer
		code := run(nil, nil, &stdout, &stderr)
		runtime.GOMAXPROCS(prev)
		if code != 0 {
			t.Fatalf("exit status %d; stderr: %s", code, stderr.String())
		}
		outputs = append(outputs, stdout.String())
	}
	if outputs[0] != outputs[1] {
		t.Errorf("output with GOMAXPROCS=1:\n%s\ndiffers from GOMAXPROCS=4:\n%s", outputs[0], outputs[1])
	}
	lines := strings.Split(strings.TrimSuffix(outputs[0], "\n"), "\n")
	if len(lines) != len(numpyLosses)+1 {
		t.Fatalf("got %d lines; want %d losses and the accuracy:\n%s", len(lines), len(numpyLosses), outputs[0])
	}
	matchNumpyLosses(t, lines, "Loss", 500, numpyLosses)
	// numpy: Test accuracy: 96.4% (1446 of 1500 correct); 100.0·1446/1500 prints as 96.4
	if got := lines[len(lines)-1]; got != "Test accuracy: 96.4%" {
		t.Errorf("last line %q; want the post's \"Test accuracy: 96.4%%\"", got)
	}
}

// ---------------------------------------------------------------------------------------------------
// The command line.

func runArgs(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// Each bad flag value is a usage error: exit 2, one line on stderr naming the flag and what it accepts,
// nothing on stdout. (Catches: a range check left out — -hidden 0 building a layer of no units —, a bad value
// that panics or exits 1, -explain-rows 0 accepted (a block of no rows), a message that does not say what is
// accepted, -reg Inf or NaN accepted (a run that diverges at once, exit 1).)
func TestBadFlagsAreUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // what the one line on stderr must contain
	}{
		{[]string{"-hidden", "0"}, `invalid value "0" for flag -hidden: want hidden layer sizes as whole numbers from 1 to 100000`},
		{[]string{"-hidden", "5,x"}, "-hidden: want hidden layer sizes"},
		{[]string{"-hidden", "2.5"}, "-hidden: want hidden layer sizes"},
		{[]string{"-lr", "0"}, "-lr: want a finite number > 0"},
		{[]string{"-lr", "NaN"}, "-lr: want a finite number > 0"},
		{[]string{"-lr", "Inf"}, "-lr: want a finite number > 0"},
		{[]string{"-reg", "-0.1"}, "-reg: want a finite number ≥ 0"},
		{[]string{"-reg", "Inf"}, `invalid value "+Inf" for flag -reg: want a finite number ≥ 0`},
		{[]string{"-reg", "+Inf"}, "-reg: want a finite number ≥ 0"},
		{[]string{"-reg", "NaN"}, "-reg: want a finite number ≥ 0"},
		{[]string{"-lr", "+Inf"}, "-lr: want a finite number > 0"},
		{[]string{"-l1", "NaN"}, "-l1: want a finite number ≥ 0"},
		{[]string{"-steps", "-1"}, "-steps: want a whole number from 0 to"},
		{[]string{"-steps", "many"}, `invalid value "many" for flag -steps: want a whole number from 0 to`},
		{[]string{"-lr", "fast"}, `invalid value "fast" for flag -lr: want a finite number > 0`},
		{[]string{"-seed", "-1"}, "-seed: want a whole number from 0 to 4294967295"},
		{[]string{"-seed", "4294967296"}, "-seed: want a whole number from 0 to 4294967295"},
		{[]string{"-every", "0"}, "-every: want a whole number ≥ 1"},
		{[]string{"-explain", "-explain-rows", "0"}, `invalid value "0" for flag -explain-rows: want a whole number ≥ 1`},
		{[]string{"-observations", "0"}, "-observations: want a whole number from 1 to"},
		{[]string{"-test-size", "1"}, "-test-size: want a fraction strictly between 0 and 1"},
		{[]string{"-test-size", "0"}, "-test-size: want a fraction strictly between 0 and 1"},
		{[]string{"-l1", "-0.01"}, `invalid value "-0.01" for flag -l1: want a finite number ≥ 0`},
		{[]string{"-l1", "Inf"}, "-l1: want a finite number ≥ 0"},
		{[]string{"-features", "x1,x3"}, `invalid value "x1,x3" for flag -features: "x3" is not one of the inputs; want a comma-separated list of x1, x2, x1², x2², x1x2, sin(x1), sin(x2)`},
		{[]string{"-features", "x1,x1^2,x1²"}, `invalid value "x1,x1^2,x1²" for flag -features: x1² is given twice`},
		{[]string{"-features", ""}, `for flag -features: "" is not one of the inputs`},
		{[]string{"-data", "testdata/iris.csv", "-features", "x1,x1^2"}, "-features makes its inputs from two features, x1 and x2; testdata/iris.csv has 4 features"},
		{[]string{"-activation", "softplus"}, `invalid value "softplus" for flag -activation: want one of: relu, tanh, sigmoid, linear`},
		{[]string{"-activation", "ReLU"}, `-activation: want one of: relu, tanh, sigmoid, linear`},
		{[]string{"-nosuchflag"}, "there is no flag \"-nosuchflag\" (go run . -h lists them)"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-observations", "1", "-test-size", "0.9"}, "leaves 3 for testing and 0 for training"},
	}
	for _, tc := range tests {
		code, stdout, stderr := runArgs(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2, no output, one line containing %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
}

// The four modes that look at one step and stop — -explain, -gradcheck, -votes, -check — refuse each other:
// every pair is a usage error, exit 2, one line on stderr, nothing on stdout (the -check file is never
// read, so it need not exist). (Catches: -votes with -check not refused, so that -check runs and -votes is
// dropped in silence, exit 0; any other pair let through.)
func TestModesAreSeparate(t *testing.T) {
	modes := [][]string{{"-explain"}, {"-gradcheck"}, {"-votes", "W1[0][0]"}, {"-check", "nosuchfile.npz"}}
	for a := range modes {
		for b := a + 1; b < len(modes); b++ {
			args := append(append(slices.Clone(modes[a]), modes[b]...), "-observations", "30", "-steps", "1")
			code, stdout, stderr := runArgs(args...)
			if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 ||
				!strings.Contains(stderr, "separate modes") && !strings.Contains(stderr, "cannot be combined") {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line saying the modes cannot be combined", args, code, stdout, stderr)
			}
		}
	}
}

// The largest value each bounded flag accepts is accepted, not only the ones inside: -seed 4294967295 =
// 2³² − 1, the largest seed np.random.seed takes (numpy's RandomState: "must be convertible to 32 bit
// unsigned integers"), and -noise 100, the top of its stated range "0 to 100". Each run is ten points per
// class for one step. (Catches: a bound written < where ≤ is meant, refusing the last seed or -noise 100.)
func TestFlagsAcceptTheirLargestValue(t *testing.T) {
	for _, args := range [][]string{
		{"-seed", "4294967295"},
		{"-dataset", "circles", "-noise", "100"},
	} {
		if code, _, stderr := runArgs(append([]string{"-observations", "10", "-steps", "1"}, args...)...); code != 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit 0", args, code, stderr)
		}
	}
}

// panicWriter is a stdout whose every Write panics: a bug inside run, as far as run can tell.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("panicWriter: a write") }

// A panic inside run — here from stdout's Write, on the first loss line — is an internal error: exit 1
// (exitError), not 2, since the command line was not at fault; stderr's one line says so and quotes the
// panic, with no stack trace. (Catches: a recovered panic exiting 2 (exitUsage), the panic let out as a
// crash, a stack trace printed.)
func TestInternalErrorExitsOne(t *testing.T) {
	var stderr bytes.Buffer
	code := run([]string{"-data", "testdata/iris.csv", "-steps", "1"}, strings.NewReader(""), panicWriter{}, &stderr)
	if code != 1 || strings.Count(stderr.String(), "\n") != 1 || strings.Contains(stderr.String(), "goroutine") ||
		!strings.HasPrefix(stderr.String(), "nn: internal error, a bug in this program") || !strings.Contains(stderr.String(), "panicWriter: a write") {
		t.Errorf("exit %d, stderr %q; want exit 1 and one line: nn: internal error, a bug in this program … panicWriter: a write", code, stderr.String())
	}
}

// -h exits 0 and lists each flag with the post's default. (Catches: a default that is not the post's — -lr
// 0.1, -hidden 3 —, -h exiting 2 as the flag package's ErrHelp would.)
func TestHelpListsFlagsWithDefaults(t *testing.T) {
	code, stdout, _ := runArgs("-h")
	if code != 0 {
		t.Errorf("-h: exit %d; want 0", code)
	}
	for _, want := range []string{"-seed", "(default 12)", "-hidden", "(default 5)", "-lr", "(default 0.01)", "-steps", "(default 5001)", "-every", "(default 500)", "-test-size", "(default 0.1)", "-observations", "(default 5000)", "-reg"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("-h output lacks %q:\n%s", want, stdout)
		}
	}
}

// A run that diverges stops with exit 1 and a message naming the step and a smaller -lr, and prints no NaN or
// Inf loss. (Catches: training on after the loss is NaN, a printed "Loss at step …: NaN", exit 0 on
// divergence.)
func TestDivergingRunStops(t *testing.T) {
	code, stdout, stderr := runArgs("-observations", "200", "-lr", "1e300", "-steps", "50", "-every", "1")
	if code != 1 || !strings.Contains(stderr, "no longer finite at step") || !strings.Contains(stderr, "smaller -lr") {
		t.Errorf("exit %d, stderr %q; want exit 1 and a line naming the step and suggesting a smaller -lr", code, stderr)
	}
	if strings.Contains(stdout, "NaN") || strings.Contains(stdout, "Inf") {
		t.Errorf("printed a non-finite loss:\n%s", stdout)
	}
}

// -hidden 16,8 trains: two loss lines and the accuracy, and the loss at step 1000 below half of step 0's.
// (Catches: a second hidden layer that never learns — its update skipped, its gradient left at 0.)
func TestTwoHiddenLayersTrain(t *testing.T) {
	code, stdout, stderr := runArgs("-observations", "300", "-hidden", "16,8", "-steps", "1001", "-every", "1000", "-lr", "0.05")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[2], "Test accuracy: ") {
		t.Fatalf("output:\n%s", stdout)
	}
	first, _ := strconv.ParseFloat(strings.TrimPrefix(lines[0], "Loss at step 0: "), 64)
	last, _ := strconv.ParseFloat(strings.TrimPrefix(lines[1], "Loss at step 1000: "), 64)
	if !(last < first/2) {
		t.Errorf("loss went from %v to %v in 1000 steps; want it at least halved", first, last)
	}
}

// ---------------------------------------------------------------------------------------------------
// Examples (go test runs them and checks their output).

func ExampleMul() {
	a := FromRows([][]float64{{1, 2}, {3, 4}})
	b := FromRows([][]float64{{5}, {6}})
	fmt.Println(Mul(a, b)) // [1·5+2·6, 3·5+4·6]
	// Output: [[17] [39]]
}

func ExampleAddRowVector() {
	// numpy: np.array([[1, 2], [3, 4]]) + np.array([[10, 20]])
	a := FromRows([][]float64{{1, 2}, {3, 4}})
	fmt.Println(AddRowVector(a, FromRows([][]float64{{10, 20}})))
	// Output: [[11 22] [13 24]]
}

func ExampleSumRows() {
	// numpy: np.sum(a, axis=0, keepdims=True)
	a := FromRows([][]float64{{1, 2}, {3, 4}})
	fmt.Println(SumRows(a))
	// Output: [[4 6]]
}

func ExampleSoftmaxInto() {
	// ln 3 − ln 1 = ln 3: probabilities 3/4 and 1/4
	z := FromRows([][]float64{{math.Log(3), 0}})
	p := NewMatrix(1, 2)
	SoftmaxInto(p, z)
	fmt.Printf("%.4f\n", p.Row(0))
	// Output: [0.7500 0.2500]
}

func ExampleBatchOffset() {
	// 10 training rows, batches of 4: offset = 4·step mod 6
	for step := 0; step < 4; step++ {
		fmt.Print(BatchOffset(step, 4, 10), " ")
	}
	// Output: 0 4 2 0
}

// ---------------------------------------------------------------------------------------------------
// The post's TensorFlow recipe: minibatches and truncated-normal weights.

// BatchOffset against the post's TensorFlow rule (step·batch) mod (n − batch), worked by hand, and no batch
// runs past the last row. (Catches: mod n for mod (n − batch), batch 0 not meaning the whole set.)
func TestBatchOffset(t *testing.T) {
	// offset = (step · batch) mod (n − batch), worked by hand for n = 10, batch = 3: n − batch = 7
	tests := []struct{ step, batch, n, want int }{
		{0, 3, 10, 0},  // 0 mod 7
		{1, 3, 10, 3},  // 3 mod 7
		{2, 3, 10, 6},  // 6 mod 7: rows 6, 7, 8
		{3, 3, 10, 2},  // 9 mod 7: wrapped around
		{7, 3, 10, 0},  // 21 mod 7
		{5, 10, 10, 0}, // the whole set
		{5, 0, 10, 0},  // 0 means the whole set
		// the post: 13500 rows, batch 100 → mod 13400; step 134 → 13400 mod 13400 = 0, step 135 → 100
		{133, 100, 13500, 13300}, {134, 100, 13500, 0}, {135, 100, 13500, 100},
	}
	for _, tc := range tests {
		if got := BatchOffset(tc.step, tc.batch, tc.n); got != tc.want {
			t.Errorf("BatchOffset(%d, %d, %d) = %d; want %d", tc.step, tc.batch, tc.n, got, tc.want)
		}
		if off := BatchOffset(tc.step, tc.batch, tc.n); off+max(tc.batch, 0) > tc.n {
			t.Errorf("BatchOffset(%d, %d, %d) = %d runs past the end", tc.step, tc.batch, tc.n, off)
		}
	}
}

// The truncated sampler keeps the stream's draws with |z| ≤ 2, in order, and redraws the rest: its
// output is exactly the plain normal stream with the large draws taken out (clipping would put ±2 there).
// (Catches: clipping to ±2 instead of redrawing, a redraw that skips one draw too many.)
func TestTruncatedNormalRedraws(t *testing.T) {
	got := NewRandomState(4).TruncatedNormalMatrix(100, 50)
	plain := NewRandomState(4)
	redrawn := 0
	for i, v := range got.data {
		if math.Abs(v) > 2 {
			t.Fatalf("draw %d = %v: outside [-2, 2]", i, v)
		}
		z := plain.NormFloat64()
		for math.Abs(z) > 2 {
			redrawn++
			z = plain.NormFloat64()
		}
		if v != z {
			t.Fatalf("draw %d = %v; want the stream's next draw within ±2, %v", i, v, z)
		}
	}
	// P(|z| > 2) ≈ 4.55%: about 240 of 5000 are redrawn
	if redrawn < 150 || redrawn > 350 {
		t.Errorf("%d of 5000 draws redrawn; want about 240", redrawn)
	}
}

// He initialization has the standard deviation √(2/fan_in) = 0.2 for 50 inputs, within 0.01 over 20000 draws
// (the estimate's standard error is about 0.2/√40000 = 0.001). (Catches: √(1/fan_in) — 0.14 —, the fan-out
// 400 for the fan-in — 0.07 —, the variance used as the deviation — 0.04.)
func TestHeNormalScale(t *testing.T) {
	// He: standard deviation √(2/fan_in) = √(2/50) = 0.2 for 50 inputs
	w := NewRandomState(5).HeNormalMatrix(50, 400)
	sumSq := 0.0
	for _, v := range w.data {
		sumSq += v * v
	}
	if sd := math.Sqrt(sumSq / float64(len(w.data))); math.Abs(sd-0.2) > 0.01 {
		t.Errorf("He weights for 50 inputs have standard deviation %v; want 0.2", sd)
	}
}

// A minibatch step's gradient is the full-batch gradient of that slice of the training set, and each row's
// label goes with its row: the labels differ row by row, so a batch of rows paired with another batch's
// labels fails. (Catches: a batch's rows paired with another batch's labels, a batch one row off.)
func TestMinibatchGradientIsSliceGradient(t *testing.T) {
	g := lcg(9)
	net := NewNetwork([]int{3, 4, 2}, g.matrix)
	x := g.matrix(50, 3)
	y := NewMatrix(50, 2)
	for i := 0; i < 50; i++ {
		y.Set(i, (i*i/3)%2, 1) // 0 0 1 1 1 0 0 0 1 …: no period a batch offset could line up with
	}
	const batch, step = 8, 5
	tr := NewTrainer(net.Clone(), x, y, Config{Batch: batch})
	for tr.Done <= step {
		tr.Next(false)
	}
	off := BatchOffset(step, batch, 50) // 40 mod 42 = 40: rows 40 … 47
	if off != 40 {
		t.Fatalf("offset %d; want 40", off)
	}
	// the same weights as the trainer had at step 5, then one step on rows 40 … 47
	replay := NewTrainer(net, x, y, Config{Batch: batch})
	for replay.Done < step {
		replay.Next(false)
	}
	s := NewStep(net.Sizes(), batch)
	s.X, s.Y = *x.RowsView(off, off+batch), *y.RowsView(off, off+batch)
	s.Run(net, Config{}, false)
	for l := range net.W {
		if !sameMatrix(tr.S.GradW[l], s.GradW[l], 0) || !sameMatrix(tr.S.GradB[l], s.GradB[l], 0) {
			t.Errorf("layer %d: minibatch gradient %v %v; slice gradient %v %v", l, tr.S.GradW[l], tr.S.GradB[l], s.GradW[l], s.GradB[l])
		}
	}
}

// numpyTensorFlowRecipe is the post's TensorFlow recipe run in numpy on the same numpy-compatible stream
// (truncated draws redrawn beyond ±2, the offset rule, no L2): ../shared/reference/tensorflow-recipe-numpy.txt.
var numpyTensorFlowRecipe = []string{"1.858381643648676", "0.4292905062077617", "0.29500316352306144", "0.25152763957996355",
	"0.20063077184049838", "0.20811713430739412", "0.18000882327075074", "0.12670300632254103", "0.08361434300531005",
	"0.09669300847780214", "0.1082767300847822"}

// The TensorFlow preset against numpy running the same recipe: the truncated-normal starting weights
// equal numpy's bit for bit, every printed minibatch loss agrees within 1e-13 relative (see
// matchNumpyLosses), and the test accuracy is numpy's, 1447 of 1500. (Catches: clipping for redrawing, the
// offset rule mod n, the L2 term left on, "Loss" printed for "Minibatch loss".)
func TestPresetTensorFlowMatchesNumpy(t *testing.T) {
	code, stdout, stderr := runArgs("-preset", "tensorflow")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 12 {
		t.Fatalf("got %d lines; want 11 minibatch losses and the accuracy:\n%s", len(lines), stdout)
	}
	matchNumpyLosses(t, lines, "Minibatch loss", 1000, numpyTensorFlowRecipe)
	// numpy: Test accuracy: 96.46666666666667% (1447 of 1500 correct)
	if lines[11] != "Test accuracy: 96.46666666666667%" {
		t.Errorf("last line %q; want numpy's \"Test accuracy: 96.46666666666667%%\"", lines[11])
	}
	// numpy's W1 and W2 for the recipe: the first truncated draws of the stream after the data
	rng := NewRandomState(12)
	PostData(rng, 5000, func(string) {})
	for i := 0; i < discardedWeightDraws; i++ {
		rng.NormFloat64()
	}
	net := NewNetwork([]int{2, 5, 3}, rng.TruncatedNormalMatrix)
	w1 := parseFloats(t, "0.01866711818356197", "-0.2002700937777478", "-0.37959021584635", "-0.24099303871407665", "1.2115369782448782",
		"0.41787950548954533", "-1.8700157569109876", "-1.0648497123355396", "0.4701563723415301", "-0.9550545609242699")
	w2 := parseFloats(t, "-1.046006593883364", "-0.15255762740821635", "-1.1029617106313012", "1.289085546523703", "1.3430634447318885",
		"0.3879055637100274", "0.09123658477075132", "-0.3079724905339771", "0.8489750407436688", "-0.5431784367235482",
		"0.5564294040611536", "0.37366032023301604", "-0.0007206204660935151", "-1.0347406405844666", "-1.304567526742758")
	if !sameMatrix(net.W[0], NewMatrixFrom(2, 5, w1), 0) || !sameMatrix(net.W[1], NewMatrixFrom(5, 3, w2), 0) {
		t.Errorf("truncated-normal W1 %v, W2 %v; want numpy's %v, %v", net.W[0], net.W[1], w1, w2)
	}
}

// -preset tensorflow sets its flags, and those given on the command line win, before or after it. (Catches:
// the preset applied after parsing, overwriting the -steps or -lr the user gave.)
func TestPresetFlagsGivenExplicitlyWin(t *testing.T) {
	o, err := parseFlags([]string{"-steps", "2001", "-preset", "tensorflow", "-lr", "0.5"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	// from the preset: batch 100, reg 0, truncated, every 1000; given: steps 2001, lr 0.5
	if o.train.Batch != 100 || o.train.RegLambda != 0 || o.init != "truncated" || o.train.Every != 1000 ||
		o.train.Steps != 2001 || o.train.LearningRate != 0.5 {
		t.Errorf("options %+v; want the preset's batch, reg, init and every with the given steps and lr", o)
	}
}

// A bad -preset, -init or -batch, and modes that exclude each other, are usage errors (exit 2) saying what is
// accepted. (Catches: an unknown -init falling back to normal, a -batch larger than the training rows
// accepted, -explain with -gradcheck running one of them.)
func TestPresetAndBatchErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-preset", "pytorch"}, "-preset: want one of: tensorflow"},
		{[]string{"-init", "zeros"}, "-init: want one of: he, normal, truncated"},
		{[]string{"-batch", "-5"}, "-batch: want a whole number ≥ 0"},
		{[]string{"-batch", "13501"}, "-batch 13501 is larger than the 13500 training rows"},
		{[]string{"-explain", "-gradcheck"}, "-explain, -gradcheck, -votes and -check are separate modes"},
		{[]string{"-explain", "-plot", "out"}, "before there is a model to -save or -plot"},
		{[]string{"-load", "m.json", "-predict", "x.csv", "-data", "y.csv"}, "-load -predict only predicts"},
	}
	for _, tc := range tests {
		code, _, stderr := runArgs(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// Audit mode: -explain and -gradcheck.

// explainBlock returns the numbers of the -explain block whose heading line is exactly heading.
func explainBlock(t *testing.T, out, heading string) []float64 {
	t.Helper()
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if l != heading {
			continue
		}
		var vals []float64
		for _, row := range lines[i+3:] { // heading, "ours:", shape, then the rows
			if !strings.HasPrefix(row, "    [") {
				break
			}
			for _, f := range strings.Fields(strings.Trim(strings.TrimSpace(row), "[]")) {
				vals = append(vals, parseFloats(t, f)...)
			}
		}
		return vals
	}
	t.Fatalf("no block %q in -explain's output", heading)
	return nil
}

// -explain prints step 0 of the post's run with numpy's values (reference file): the starting weights, W1's
// gradient with its L2 part, b2's gradient, W1 and b2 after the update, the loss, and the post's line above
// each block. (Catches: a block printing another array — the data part of W1's gradient under the "+=
// reg_lambda" heading —, the weights after the update shown as the ones before, the loss without its L2
// part.)
func TestExplainShowsNumpysStepZero(t *testing.T) {
	code, stdout, stderr := runArgs("-explain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// numpy's figures, from the reference file: initial W1 and W2, step-0 gradients of W1 (with its L2
	// part) and of b2
	tests := []struct {
		heading string
		want    []string
	}{
		{"layer1_weights_array", []string{"0.01866711818356197", "2.608830555199934", "-0.2002700937777478", "-0.37959021584635", "-0.24099303871407665",
			"1.2115369782448782", "0.41787950548954533", "-1.8700157569109876", "-1.0648497123355396", "0.4701563723415301"}},
		{"layer2_weights_array", []string{"-0.9550545609242699", "-1.046006593883364", "-0.15255762740821635",
			"-1.1029617106313012", "1.289085546523703", "1.3430634447318885", "2.0067587649706367", "0.3879055637100274", "0.09123658477075132",
			"-0.3079724905339771", "0.8489750407436688", "-0.5431784367235482", "0.5564294040611536", "0.37366032023301604", "-0.0007206204660935151"}},
		{"gradient_layer1_weights += reg_lambda * layer1_weights_array", []string{"0.3630644815789447", "0.49019101946896", "-0.03953886708941673",
			"-0.010216894917559217", "-0.14946525140975395", "1.2878463888623182", "0.3286599642797769", "0.05630900069752108", "-0.04697643085044336", "-0.5594021140534459"}},
		{"gradient_layer2_bias = np.sum(output_error_signal, axis = 0, keepdims = True)", []string{"-0.21146974183596323", "-0.23880254309414983", "0.4502722849301106"}},
	}
	for _, tc := range tests {
		got, want := explainBlock(t, stdout, tc.heading), parseFloats(t, tc.want...)
		if len(got) != len(want) {
			t.Errorf("%s: %d numbers; want numpy's %d", tc.heading, len(got), len(want))
			continue
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-9*math.Abs(want[i]) {
				t.Errorf("%s[%d] = %v; want numpy's %v within 1e-9 relative", tc.heading, i, got[i], want[i])
			}
		}
	}
	// the weights after the update: numpy's W1 − 0.01·∂W1 and b2 = 0 − 0.01·∂b2 (learning_rate .01), from
	// the same reference figures
	w1 := parseFloats(t, tests[0].want...)
	gw1 := parseFloats(t, tests[2].want...)
	gb2 := parseFloats(t, tests[3].want...)
	for _, upd := range []struct {
		heading string
		want    []float64
	}{
		{"layer1_weights_array -= learning_rate * gradient_layer1_weights", func() []float64 {
			out := make([]float64, len(w1))
			for i := range w1 {
				out[i] = w1[i] - 0.01*gw1[i]
			}
			return out
		}()},
		{"layer2_biases_array -= learning_rate * gradient_layer2_bias", []float64{-0.01 * gb2[0], -0.01 * gb2[1], -0.01 * gb2[2]}},
	} {
		got := explainBlock(t, stdout, upd.heading)
		for i, w := range upd.want {
			if i >= len(got) || math.Abs(got[i]-w) > 1e-12*math.Abs(w) {
				t.Errorf("%s = %v; want numpy's W − 0.01·∂W = %v", upd.heading, got, upd.want)
				break
			}
		}
	}
	// the loss it shows is numpy's step-0 loss
	if got := explainLoss(t, stdout); math.Abs(got-2.9703156928200616) > 1e-10 {
		t.Errorf("-explain's loss %v; want numpy's 2.9703156928200616", got)
	}
	// tall matrices show 5 rows and say how many are hidden; the post's names are all there
	for _, want := range []string{"first 5 rows shown (13495 more not shown)", "hidden_layer = relu_activation(input_layer + layer1_biases_array)",
		"output_probs = softmax(output_layer)", "error_signal_hidden[hidden_layer <= 0] = 0", "layer2_biases_array -= learning_rate * gradient_layer2_bias"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("-explain's output lacks %q", want)
		}
	}
}

func explainLoss(t *testing.T, out string) float64 {
	t.Helper()
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "loss += ") {
			return parseFloats(t, strings.TrimSpace(lines[i+2]))[0]
		}
	}
	t.Fatal("no total loss in -explain's output")
	return 0
}

// -explain with -hidden 4,3 names the layers as the post's names extend (hidden_layer1, error_signal_hidden2,
// gradient_layer3_weights), and -explain-rows 2 shows 2 of the 270 rows. (Catches: layers numbered from 0 or
// in reverse, -explain-rows ignored.)
func TestExplainTwoHiddenLayersAndRows(t *testing.T) {
	code, stdout, stderr := runArgs("-explain", "-hidden", "4,3", "-explain-rows", "2", "-observations", "100")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"hidden_layer1 = relu_activation", "hidden_layer2 = relu_activation",
		"error_signal_hidden1 = np.dot(error_signal_hidden2, layer2_weights_array.T)", "error_signal_hidden2 = np.dot(output_error_signal, layer3_weights_array.T)",
		"gradient_layer3_weights", "first 2 rows shown (268 more not shown)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("-explain -hidden 4,3 lacks %q", want)
		}
	}
}

// -explain-rows equal to the rows of the step shows them all, with no "more not shown" note; one fewer shows
// the note with 1 more. By hand: -observations 2 makes 3 classes × 2 = 6 rows, -test-size 0.1 holds out
// ceil(0.6) = 1 (scikit-learn's rounding up), so the step has 5 rows. (Catches: the note written when the
// rows shown are all of them, "(0 more not shown)" — a > that became ≥.)
func TestExplainRowsAtTheBoundary(t *testing.T) {
	code, stdout, stderr := runArgs("-explain", "-observations", "2", "-explain-rows", "5")
	if code != 0 || !strings.Contains(stdout, "5 training rows in this step") || strings.Contains(stdout, "more not shown") || !strings.Contains(stdout, "[5 x 2]") {
		t.Errorf("-explain-rows 5 of 5 rows: exit %d, want every [5 x 2] block whole, no note\n%s%s", code, stdout, stderr)
	}
	if _, stdout, _ = runArgs("-explain", "-observations", "2", "-explain-rows", "4"); !strings.Contains(stdout, "first 4 rows shown (1 more not shown)") {
		t.Errorf("-explain-rows 4 of 5 rows: no note of 1 more\n%s", stdout)
	}
}

// -explain writes each -activation's two lines as numpy a learner would write them, the forward line and
// the backward one after its np.dot, here written out by hand: σ(z) = 1/(1 + e^−z) is
// 1 / (1 + np.exp(-(z))), tanh′ = 1 − tanh², σ′ = σ·(1 − σ), and linear has no derivative line. (Catches:
// a line of the step's table that misquotes its activation — the sigmoid's minus sign dropped, tanh′
// written as 1 - hidden_layer — which no number would show, since the numbers are computed elsewhere.)
func TestExplainQuotesEachActivation(t *testing.T) {
	for _, tc := range []struct{ act, forward, backward string }{
		{"relu", "relu_activation(input_layer + layer1_biases_array)", "; error_signal_hidden[hidden_layer <= 0] = 0\n"},
		{"tanh", "np.tanh(input_layer + layer1_biases_array)", "; error_signal_hidden *= 1 - hidden_layer**2\n"},
		{"sigmoid", "1 / (1 + np.exp(-(input_layer + layer1_biases_array)))", "; error_signal_hidden *= hidden_layer * (1 - hidden_layer)\n"},
		{"linear", "input_layer + layer1_biases_array", "\n"},
	} {
		code, out, _ := runArgs("-activation", tc.act, "-explain", "-explain-rows", "1", "-observations", "20")
		for _, want := range []string{"\nhidden_layer = " + tc.forward + "\n", "\nerror_signal_hidden = np.dot(output_error_signal, layer2_weights_array.T)" + tc.backward} {
			if code != 0 || !strings.Contains(out, want) {
				t.Errorf("-activation %s -explain: exit %d; output lacks %q", tc.act, code, want)
			}
		}
	}
}

// -gradcheck passes on the post's network, a deeper one, and with every choice of TensorFlow
// Playground's at once: tanh, L1 and all seven inputs of the post's unscaled data, with one line for each
// weight and bias array. (The last needs the extrapolated difference: plain D(h) at h = 1e-4 is off by
// 1.7e-5 there, from its h²·L‴ term, and the check would fail a correct backprop.) (Catches: an array
// left out of the check — a deeper layer's —, a check that fails a right backprop by measuring across
// ReLU kinks or by its own truncation error.)
func TestGradcheckCommand(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		arrays int
	}{
		{[]string{"-gradcheck"}, 4},
		{[]string{"-gradcheck", "-hidden", "16,8", "-observations", "1000"}, 6},
		{[]string{"-gradcheck", "-activation", "tanh", "-l1", "0.01", "-features", "x1,x2,x1²,x2²,x1x2,sin(x1),sin(x2)", "-observations", "1000"}, 4},
	} {
		code, stdout, stderr := runArgs(tc.args...)
		if code != 0 || !strings.Contains(stdout, "All below 1e-6") {
			t.Errorf("%v: exit %d\n%s%s", tc.args, code, stdout, stderr)
		}
		if arrays := strings.Count(stdout, "largest relative error"); arrays != tc.arrays {
			t.Errorf("%v: %d parameter arrays reported; want %d", tc.args, arrays, tc.arrays)
		}
	}
}

// -gradcheck fails when an array has no entry it could check, rather than passing on an error of 0 over
// nothing. Worked out for a file of rows at the origin: with x = (0, 0) and the biases starting at 0 (the
// post's np.zeros), every hidden unit's input is x·W1 + b1 = 0 on those rows, exactly at ReLU's kink; a
// nudge of ±h to any entry of b1 moves it to ±h and turns the unit on or off, for every h tried, so all 5
// entries of gradient_layer1_bias are skipped. (A weight's nudge is multiplied by x = 0 on those rows, so
// W1 is still checked.) (Catches: the gradient check passing an array none of whose entries could be
// checked.)
func TestGradcheckRefusesAnArrayItCouldNotCheck(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "0,0,%c\n", "ab"[i%2])
	}
	path := t.TempDir() + "/origin.csv"
	os.WriteFile(path, []byte(b.String()), 0o644)
	code, stdout, stderr := runArgs("-gradcheck", "-data", path)
	if code != 1 || !strings.Contains(stderr, "no entry of gradient_layer1_bias could be checked") {
		t.Errorf("-gradcheck on rows at the origin: exit %d, stderr %q; want 1 and the unchecked gradient_layer1_bias named\n%s", code, stderr, stdout)
	}
	if !regexp.MustCompile(`gradient_layer1_bias +largest relative error 0 +\(0 entries checked, 5 skipped`).MatchString(stdout) {
		t.Errorf("the report does not show gradient_layer1_bias's 5 entries skipped:\n%s", stdout)
	}
}

// -explain shows the very numbers training computes: its step-0 loss is, to the last digit, the
// "Loss at step 0" that training prints with the same flags, and every weight and bias it shows after
// the update is, to the last digit, what -steps 1 -save writes. (Catches: an -explain that runs its own copy
// of the step, summing in another order; a loss printed with fewer digits than training prints.)
func TestExplainShowsWhatTrainingComputes(t *testing.T) {
	dir := t.TempDir()
	for i, flags := range [][]string{
		{},
		{"-hidden", "16,8", "-observations", "2000"},
		{"-batch", "100"},
		{"-data", "testdata/iris.csv", "-standardize"},
	} {
		code, explained, stderr := runArgs(append([]string{"-explain"}, flags...)...)
		if code != 0 {
			t.Fatalf("%v -explain: exit %d: %s", flags, code, stderr)
		}
		model := fmt.Sprintf("%s/m%d.json", dir, i)
		code, trained, stderr := runArgs(append([]string{"-steps", "1", "-save", model}, flags...)...)
		if code != 0 {
			t.Fatalf("%v -steps 1: exit %d: %s", flags, code, stderr)
		}
		lossLine := regexp.MustCompile(`(?m)^(Minibatch loss|Loss) at step 0: (.*)$`).FindStringSubmatch(trained)
		if lossLine == nil {
			t.Fatalf("%v: no loss line in\n%s", flags, trained)
		}
		if got := strconv.FormatFloat(explainLoss(t, explained), 'g', -1, 64); got != lossLine[2] {
			t.Errorf("%v: -explain's loss %s; training printed %s", flags, got, lossLine[2])
		}
		b, err := os.ReadFile(model)
		if err != nil {
			t.Fatal(err)
		}
		var saved struct{ Weights, Biases [][]float64 }
		if err := json.Unmarshal(b, &saved); err != nil {
			t.Fatal(err)
		}
		for l := range saved.Weights {
			w := explainBlock(t, explained, fmt.Sprintf("layer%d_weights_array -= learning_rate * gradient_layer%d_weights", l+1, l+1))
			bias := explainBlock(t, explained, fmt.Sprintf("layer%d_biases_array -= learning_rate * gradient_layer%d_bias", l+1, l+1))
			if fmt.Sprint(w) != fmt.Sprint(saved.Weights[l]) || fmt.Sprint(bias) != fmt.Sprint(saved.Biases[l]) {
				t.Errorf("%v, layer %d: -explain's updated weights and biases differ from the saved model's", flags, l+1)
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// Your own data: CSV files, standardization, saved models.

func readCSVString(t *testing.T, s string, labelCol int) (*Dataset, error) {
	t.Helper()
	tab, err := ReadTable(strings.NewReader(s), "test.csv")
	if err != nil {
		return nil, err
	}
	return ParseDataset(tab, labelCol)
}

// ReadTable and ParseDataset take a CSV as spreadsheets write it — byte-order mark, CRLF, spaces around
// fields, quoted fields, a blank line — with string classes numbered in sorted order. (Catches: the mark kept
// in the first name, a blank line read as a row, " 1.5 " refused as a number, a quoted comma splitting a
// field.)
func TestReadCSVAcceptsRealFiles(t *testing.T) {
	// a byte-order mark, CRLF line ends, spaces around fields (and before quoted ones), a quoted header
	// field with a comma, a quoted number, a blank line, string labels
	in := "\uFEFFlength, \"width, cm\",kind\r\n 1.5 ,2,  cat\r\n\r\n3, \"4\",dog \r\n-1e2,0.25,cat\r\n"
	ds, err := readCSVString(t, in, -1)
	if err != nil {
		t.Fatal(err)
	}
	if want := m(r(1.5, 2), r(3, 4), r(-100, 0.25)); !sameMatrix(ds.X, want, 0) {
		t.Errorf("features %v; want %v", ds.X, want)
	}
	// classes in sorted order: cat = 0, dog = 1
	if fmt.Sprint(ds.Features) != "[length width, cm]" || fmt.Sprint(ds.Classes) != "[cat dog]" {
		t.Errorf("features %q, classes %q; want [length width, cm] and [cat dog]", ds.Features, ds.Classes)
	}
	if want := m(r(1, 0), r(0, 1), r(1, 0)); !sameMatrix(ds.Y, want, 0) {
		t.Errorf("labels %v; want %v", ds.Y, want)
	}
}

// A headerless file with numeric labels in column 1: the classes sorted by value (2, 9, 10), "2.0" and "2"
// one class, the feature named col2. (Catches: numeric labels sorted as text — 10 before 2 —, "2.0" a class
// of its own, the first row taken as a header.)
func TestReadCSVNumericLabelsAndLabelColumn(t *testing.T) {
	// no header (every field is a number); labels in column 1 (-label 1): numbers sorted by value, so
	// 10 comes after 9, and "2.0" is the class 2
	ds, err := readCSVString(t, "10,0.5\n9,1.5\n2.0,2.5\n2,3.5\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ds.Classes) != "[2 9 10]" || fmt.Sprint(ds.Features) != "[col2]" {
		t.Errorf("classes %q, features %q; want [2 9 10] and [col2]", ds.Classes, ds.Features)
	}
	if got, want := fmt.Sprint(ds.Labels()), "[2 1 0 0]"; got != want {
		t.Errorf("class numbers %s; want %s", got, want)
	}
}

// Each malformed CSV is refused with a message naming the file, line, column and what is wrong. (Catches: NaN
// or Inf accepted as numbers, an empty field read as 0, a short row padded, a single class trained on, -label
// past the last column accepted.)
func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		label    int
		want     string
	}{
		{"empty", "", -1, "test.csv is empty"},
		{"blank lines only", "\n\r\n\n", -1, "test.csv is empty"},
		{"header only", "a,b,label\n", -1, "test.csv has a header but no data rows"},
		{"ragged", "a,b,label\n1,2,x\n3,y\n", -1, "test.csv line 3: 2 fields, but line 1 has 3"},
		{"not a number", "a,b,label\n1,2,x\n3,oops,y\n", -1, `test.csv line 3, column 2 (b): "oops" is not a finite number`},
		{"empty field", "a,b,label\n1,,x\n3,4,y\n", -1, `test.csv line 2, column 2 (b): "" is not a finite number`},
		{"NaN", "a,b,label\n1,NaN,x\n3,4,y\n", -1, `line 2, column 2 (b): "NaN" is not a finite number`},
		{"Inf", "1,2,x\n3,+Inf,y\n", -1, `line 2, column 2 (col2): "+Inf" is not a finite number`},
		{"one class", "a,label\n1,x\n2,x\n", -1, `every row has the label "x" (column 2, label); a classifier needs at least two classes`},
		{"empty label", "a,label\n1,x\n2,\n", -1, "test.csv line 3, column 2 (label): the label is empty"},
		{"one column", "1\n2\n", -1, "test.csv has 1 column"},
		{"label out of range", "1,2\n3,4\n", 4, "-label 5: test.csv has only 2 columns"},
		{"bad quote", "a,b\n\"1,2\n", -1, "test.csv line 2"},
	}
	for _, tc := range tests {
		_, err := readCSVString(t, tc.in, tc.label)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v; want %q", tc.name, err, tc.want)
		}
	}
}

// A column whose spread is not 0 but subnormal is centred, not divided: the column 0, 1e-320 has mean
// 5e-321 and deviation |0 − 1e-320|/2 = 5e-321, below the smallest normal float64 2⁻¹⁰²² ≈ 2.2e-308, and a
// new row's 1 divided by it would be +Inf (1 / 5e-321 > MaxFloat64 ≈ 1.8e308). So Std is 1 and the row 1
// standardizes to 1 − 5e-321 = 1. (Catches: only an exact 0 replaced — a deviation of 5e-321 kept as the
// divisor, which turns every later row of that column into ±Inf.)
func TestStandardizerSubnormalSpread(t *testing.T) {
	st := FitStandardizer(m(r(0), r(1e-320)))
	if st.Std[0] != 1 || st.Mean[0] != 5e-321 {
		t.Errorf("FitStandardizer([0, 1e-320]): mean %v, std %v; want 5e-321 and 1 (centred only)", st.Mean[0], st.Std[0])
	}
	if got := st.Apply(m(r(1))); got.At(0, 0) != 1 {
		t.Errorf("the row 1 standardized: %v; want 1", got.At(0, 0))
	}
}

// FitStandardizer's mean and population deviation (ddof = 0, as numpy's np.std), worked by hand, and a
// constant column scaled by 1 rather than divided by 0. (Catches: ddof = 1 — 1 for √(2/3) —, a constant
// column turned into NaN.)
func TestStandardizer(t *testing.T) {
	// column 0: 1, 2, 3 → mean 2, population variance (1 + 0 + 1)/3 = 2/3; column 1 is constant 5
	x := m(r(1, 5), r(2, 5), r(3, 5))
	st := FitStandardizer(x)
	sd := math.Sqrt(2.0 / 3)
	if st.Mean[0] != 2 || st.Mean[1] != 5 || math.Abs(st.Std[0]-sd) > 1e-16 || st.Std[1] != 1 {
		t.Errorf("mean %v, std %v; want [2 5] and [%v 1] (a constant column keeps std 1)", st.Mean, st.Std, sd)
	}
	if want := m(r(-1/sd, 0), r(0, 0), r(1/sd, 0)); !sameMatrix(st.Apply(x), want, 1e-15) {
		t.Errorf("Apply = %v; want %v", st.Apply(x), want)
	}
}

// A model saved and loaded predicts the same probabilities to the bit, for every -activation: the file
// records the activation. (Catches: a number written with fewer digits than round-trip, the
// standardization not saved, the classes reordered, a loaded tanh network read as a ReLU one.)
func TestModelRoundTrip(t *testing.T) {
	for _, act := range Activations {
		modelRoundTrip(t, act)
	}
}

func modelRoundTrip(t *testing.T, act string) {
	ds, err := readDataset("testdata/iris.csv", -1, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := FitStandardizer(ds.X)
	x := st.Apply(ds.X)
	net := NewNetwork([]int{4, 6, 3}, NewRandomState(1).HeNormalMatrix)
	net.Activation = act
	if _, err := Train(net, x, ds.Y, Config{LearningRate: 0.1, Steps: 50, Every: 1000, LossLabel: "Loss"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, NewModel(net, ds, nil, st)); err != nil {
		t.Fatal(err)
	}
	model, err := ReadModel(&buf, "model.json")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(model.Classes) != "[setosa versicolor virginica]" || len(model.Features) != 4 || model.Activation != act {
		t.Errorf("%s: classes %v, features %v, activation %q", act, model.Classes, model.Features, model.Activation)
	}
	want := net.Predict(x)
	if got := model.Network().Predict(model.Standardize.Apply(ds.X)); !sameMatrix(got, want, 0) {
		t.Errorf("%s: the loaded model's probabilities differ from the trained model's", act)
	}
}

// A model file of version 1 or 2, from before -activation, has no activation field and is a ReLU
// network, the post's: its hidden layer of w·x + b = (−1, 2) predicts with max(z, 0) = (0, 2). (Read as
// tanh, the unit with z = −1 would count.) A version 3 file must name one of the activations, and its
// -features inputs are made from exactly two raw features, x1 and x2: this file's one feature cannot make
// them, even where the count of inputs fits. (Catches: an old file's missing activation read as anything
// but ReLU, a new file's unknown one accepted, and inputs accepted from a file with other than two
// features, which -predict then cannot make.)
func TestOldModelsAreReLU(t *testing.T) {
	old := `{"format":"nnfromscratch model","version":2,"sizes":[1,2,2],"weights":[[-1,2],[1,0,0,1]],"biases":[[0,0],[0,0]],"features":["a"],"classes":["x","y"]}`
	model, err := ReadModel(strings.NewReader(old), "old.json")
	if err != nil {
		t.Fatal(err)
	}
	// scores = max((−1, 2), 0)·I = (0, 2): probabilities (σ(−2), σ(2))
	if got := model.Network().Predict(m(r(1))); !sameMatrix(got, m(r(logistic(-2), logistic(2))), 1e-15) {
		t.Errorf("a version 2 model predicts %v; want the ReLU network's [σ(−2) σ(2)]", got)
	}
	for _, tc := range []struct{ in, want string }{
		{strings.Replace(old, `"version":2`, `"version":3,"activation":"relu","inputs":["x1","x3"]`, 1), `inputs "x1,x3" for 1 features and 1 inputs in version 3`},
		{strings.Replace(old, `"version":2`, `"version":3,"activation":"relu","inputs":["x1"]`, 1), `inputs "x1" for 1 features and 1 inputs in version 3`},
		{strings.Replace(old, `"version":2`, `"version":2,"inputs":["x1²"]`, 1), `inputs "x1²" for 1 features and 1 inputs in version 2`},
		{strings.Replace(old, `"version":2`, `"version":3`, 1), `activation ""; want one of: relu, tanh, sigmoid, linear`},
		{strings.Replace(old, `"version":2`, `"version":3,"activation":"swish"`, 1), `activation "swish"; want one of`},
		{strings.Replace(old, `"version":2`, `"version":2,"activation":"tanh"`, 1), `activation "tanh" in a version 2 file`},
	} {
		if _, err := ReadModel(strings.NewReader(tc.in), "m.json"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v; want %q", tc.in, err, tc.want)
		}
	}
}

// ReadModel refuses files that are not models, of a future version, or whose arrays do not fit their sizes,
// each with a one-line message. (Catches: a short weights array accepted — Predict would index past it —, any
// JSON taken for a model, version 3 read as version 2.)
func TestReadModelRejectsBadFiles(t *testing.T) {
	good := `{"format":"nnfromscratch model","version":1,"sizes":[2,3],"weights":[[1,2,3,4,5,6]],"biases":[[0,0,0]],"features":["a","b"],"classes":["x","y","z"]}`
	if _, err := ReadModel(strings.NewReader(good), "m.json"); err != nil {
		t.Fatalf("a good model: %v", err)
	}
	tests := []struct{ name, in, want string }{
		{"not JSON", "hello", "m.json is not a model file written by -save"},
		{"other JSON", `{"foo": 1}`, "m.json is not a model file written by -save"},
		{"wrong format", strings.Replace(good, "nnfromscratch model", "other", 1), `format "other"`},
		{"a future version", strings.Replace(good, `"version":1`, `"version":4`, 1), `version 4; want "nnfromscratch model" version 1 to 3`},
		{"short weights", strings.Replace(good, "[1,2,3,4,5,6]", "[1,2,3]", 1), "layer 1 has 3 weights and 3 biases; sizes 2 → 3 want 6 and 3"},
		{"classes", strings.Replace(good, `"x","y","z"`, `"x","y"`, 1), "2 class names"},
		{"truncated", good[:60], "m.json is not a model file"},
	}
	for _, tc := range tests {
		if _, err := ReadModel(strings.NewReader(tc.in), "m.json"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v; want %q", tc.name, err, tc.want)
		}
	}
}

// The command line with -data, -save, -load and -predict, as a new user would use it. (Catches: -predict
// without its header line or its accuracy, a headerless file to predict read as a header, -save writing
// nothing.)
func TestOwnDataCommands(t *testing.T) {
	dir := t.TempDir()
	model := dir + "/iris.json"
	code, stdout, stderr := runArgs("-data", "testdata/iris.csv", "-standardize", "-init", "he", "-hidden", "8",
		"-lr", "0.5", "-steps", "300", "-every", "100", "-test-size", "0.2", "-save", model)
	if code != 0 {
		t.Fatalf("training: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Classes: 0 = setosa, 1 = versicolor, 2 = virginica", "120 training and 30 test rows", "Loss at step 200: ", "Model saved to"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("training output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, stderr = runArgs("-load", model, "-predict", "testdata/iris.csv")
	if code != 0 {
		t.Fatalf("predicting: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 151 || lines[0] != "predicted,P(setosa),P(versicolor),P(virginica)" || !strings.HasPrefix(lines[1], "setosa,") {
		t.Errorf("prediction output: %d lines, starting %q", len(lines), lines[:2])
	}
	if !strings.Contains(stderr, "accuracy on testdata/iris.csv: ") {
		t.Errorf("no accuracy on stderr: %q", stderr)
	}
	// the same rows without the label column: predictions only
	noLabels := dir + "/nolabels.csv"
	if err := os.WriteFile(noLabels, []byte("5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runArgs("-load", model, "-predict", noLabels)
	if code != 0 || strings.Count(stdout, "\n") != 3 || !strings.HasPrefix(strings.Split(stdout, "\n")[1], "setosa,") || stderr != "" {
		t.Errorf("unlabelled rows: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// -label 1 puts the label in the first column, for training and for -predict alike: predicting the
// label-first copy of iris with -label 1 gives, row for row, what predicting the label-last file gives
// (the model's features are the same four, in the same order), accuracy included. (Catches: -label counted
// from 0 in one of the two places that read it, the label column dropped from the wrong side of the row.)
func TestLabelInFirstColumn(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/iris.csv")
	if err != nil {
		t.Fatal(err)
	}
	var first strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(strings.TrimSpace(line), ",")
		first.WriteString(strings.Join(append(f[len(f)-1:], f[:len(f)-1]...), ",") + "\n")
	}
	labelFirst := dir + "/first.csv"
	if err := os.WriteFile(labelFirst, []byte(first.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	model := dir + "/m.json"
	if code, _, stderr := runArgs("-data", labelFirst, "-label", "1", "-standardize", "-steps", "200", "-lr", "0.5", "-save", model); code != 0 {
		t.Fatalf("training with -label 1: %s", stderr)
	}
	code1, out1, err1 := runArgs("-load", model, "-predict", labelFirst, "-label", "1")
	code2, out2, err2 := runArgs("-load", model, "-predict", "testdata/iris.csv")
	if code1 != 0 || code2 != 0 {
		t.Fatalf("exit %d, %d: %s %s", code1, code2, err1, err2)
	}
	if out1 != out2 || strings.Replace(err1, labelFirst, "F", 1) != strings.Replace(err2, "testdata/iris.csv", "F", 1) {
		t.Errorf("-label 1 on the label-first file and the label-last file differ:\n%s%s\n%s%s", err1, out1[:200], err2, out2[:200])
	}
	if !strings.Contains(err1, "(1") || !strings.Contains(err1, "of 150)") {
		t.Errorf("accuracy line %q; want one counting the 150 rows", err1)
	}
}

// A model remembers its label column, counted from 1 as -label counts it: trained with -label 1 on a
// headerless label-first copy of iris, it predicts that file without -label as it does with -label 1 —
// the same bytes, and an accuracy over all 150 rows. (Catches: the model's 1-based column used as
// 0-based, which takes the first feature for the label and the label for a feature.)
func TestPredictUsesTheModelsLabelColumn(t *testing.T) {
	b, err := os.ReadFile("testdata/iris.csv")
	if err != nil {
		t.Fatal(err)
	}
	var first strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] { // the header left out
		f := strings.Split(strings.TrimSpace(line), ",")
		first.WriteString(strings.Join(append(f[len(f)-1:], f[:len(f)-1]...), ",") + "\n")
	}
	dir := t.TempDir()
	data, model := dir+"/first.csv", dir+"/m.json"
	os.WriteFile(data, []byte(first.String()), 0o644)
	if code, _, stderr := runArgs("-data", data, "-label", "1", "-standardize", "-steps", "100", "-lr", "0.5", "-save", model); code != 0 {
		t.Fatalf("training with -label 1: %s", stderr)
	}
	code1, out1, err1 := runArgs("-load", model, "-predict", data)
	code2, out2, err2 := runArgs("-load", model, "-predict", data, "-label", "1")
	if code1 != 0 || code2 != 0 || out1 != out2 || err1 != err2 || !strings.Contains(err1, "of 150)") {
		t.Errorf("-predict without -label: exit %d, %q; with -label 1: exit %d, %q; want the same, over 150 rows", code1, err1, code2, err2)
	}
}

// -predict's accuracy line says "(C of N)": C rows right of the N in the file, and the percentage 100·C/N.
// The file makes N and a bound on C known by hand: iris's first 10 rows twice, labelled setosa the first
// time and versicolor the second. A row and its twin have the same features, so the same prediction, and at
// most one of the two labels is right: C ≤ 10 of N = 20, and the percentage is 5·C. (Catches: the counts
// swapped, "(20 of C)", which a file the model gets all right, "(10 of 10)", cannot show.)
func TestPredictAccuracyCounts(t *testing.T) {
	dir := t.TempDir()
	model, file := dir+"/m.json", dir+"/twice.csv"
	if code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "1", "-save", model); code != 0 {
		t.Fatal(stderr)
	}
	iris, _ := os.ReadFile("testdata/iris.csv")
	lines := strings.Split(string(iris), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	for _, class := range []string{"setosa", "versicolor"} {
		for _, line := range lines[1:11] {
			b.WriteString(strings.TrimSuffix(line, "setosa") + class + "\n")
		}
	}
	os.WriteFile(file, []byte(b.String()), 0o644)
	code, _, stderr := runArgs("-load", model, "-predict", file)
	got := regexp.MustCompile(`accuracy on .*twice\.csv: ([0-9.]+)% \((\d+) of (\d+)\)`).FindStringSubmatch(stderr)
	if code != 0 || got == nil {
		t.Fatalf("exit %d, stderr %q; want an accuracy line", code, stderr)
	}
	acc, _ := strconv.ParseFloat(got[1], 64)
	c, _ := strconv.Atoi(got[2])
	if got[3] != "20" || c > 10 || acc != 5*float64(c) {
		t.Errorf("accuracy line %q; want (C of 20) with C ≤ 10 and the percentage 5·C", got[0])
	}
}

// -standardize scales the test rows with the training rows' mean and deviation, the ones the saved model
// keeps, so the accuracy training reports is the saved model's. The data are made for it: 40 rows, one
// feature, -test-size 0.25; the 30 training rows are x = ±1…±15 (class a below 0, b above), so their mean
// is 0 and the learnt boundary is x = 0 (the data are symmetric: the bias gradient is 0 at every step); the
// 10 test rows, chosen by TrainTestSplit (held to scikit-learn's by TestTrainTestSplitMatchesScikitLearn), are
// x = 1…10, all b. Scaled by the training rows they stay above 0: 100%, and -load -predict on the test rows
// says the same. (Catches: the test rows standardized with their own mean 5.5, which puts x = 1…5 below
// the boundary and reports 50% for a model that scores 100%.)
func TestStandardizedTestRowsUseTheTrainingStatistics(t *testing.T) {
	trainIdx, testIdx, err := TrainTestSplit(40, 0.25, 12)
	if err != nil || len(testIdx) != 10 {
		t.Fatalf("TrainTestSplit(40, 0.25, 12): %d test rows, %v", len(testIdx), err)
	}
	rows := make([]string, 40)
	for k, i := range trainIdx { // k = 0…29: x = −1, +1, −2, +2, …
		x := k/2 + 1
		if k%2 == 0 {
			rows[i] = fmt.Sprintf("%d,a", -x)
		} else {
			rows[i] = fmt.Sprintf("%d,b", x)
		}
	}
	var testRows strings.Builder
	for k, i := range testIdx {
		rows[i] = fmt.Sprintf("%d,b", k+1)
		testRows.WriteString(rows[i] + "\n")
	}
	dir := t.TempDir()
	data, test, model := dir+"/data.csv", dir+"/test.csv", dir+"/m.json"
	os.WriteFile(data, []byte(strings.Join(rows, "\n")+"\n"), 0o644)
	os.WriteFile(test, []byte(testRows.String()), 0o644)
	code, stdout, stderr := runArgs("-data", data, "-test-size", "0.25", "-standardize", "-hidden", "none", "-lr", "0.5", "-steps", "300", "-save", model)
	if code != 0 || !strings.Contains(stdout, "30 training and 10 test rows") {
		t.Fatalf("training: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "Test accuracy: 100%\n") {
		t.Errorf("training reports %q; want \"Test accuracy: 100%%\"", stdout[strings.LastIndex(stdout, "Test accuracy"):])
	}
	if _, _, stderr := runArgs("-load", model, "-predict", test); !strings.Contains(stderr, "accuracy on "+test+": 100% (10 of 10)") {
		t.Errorf("-load -predict on the test rows: %q; want 100%% (10 of 10)", stderr)
	}
}

// Each mistake a user of -data, -save, -load and -predict can make gets its exit status and one line naming
// the file and what is wrong; a run that fails leaves an existing model as it was and no temporary file.
// (Catches: a missing or empty file, a folder or a model with other features read on — or crashing —, a usage
// mistake reported as exit 1, a diverged run overwriting the model it was asked to -save.)
func TestOwnDataErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tiny := write("tiny.csv", "1,a\n2,b\n")
	empty := write("empty.csv", "")
	notModel := write("notmodel.json", `{"hello": "world"}`)
	threeCols := write("three.csv", "1,2,3\n4,5,6\n")
	model := dir + "/model.json"
	if code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "1", "-save", model); code != 0 {
		t.Fatalf("making a model: %s", stderr)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-data", dir + "/missing.csv"}, 1, "cannot read " + dir + "/missing.csv: no such file or directory"},
		{[]string{"-data", dir}, 1, "cannot read " + dir + ": it is a folder"},
		{[]string{"-data", empty}, 1, "empty.csv is empty"},
		{[]string{"-data", tiny, "-test-size", "0.6"}, 1, "tiny.csv has too few rows to split"},
		{[]string{"-data", tiny, "-label", "3"}, 2, "-label 3: " + tiny + " has only 2 columns"},
		{[]string{"-load", notModel, "-predict", tiny}, 1, "notmodel.json is not a model file written by -save"},
		{[]string{"-load", model, "-predict", threeCols}, 1, "three.csv has 3 columns; the model in " + model + " takes 4 features"},
		{[]string{"-load", model, "-predict", tiny}, 1, "tiny.csv has 2 columns"},
		{[]string{"-load", dir + "/nomodel.json", "-predict", tiny}, 1, "cannot read " + dir + "/nomodel.json"},
		{[]string{"-predict", tiny}, 2, "-predict needs -load"},
		{[]string{"-load", model}, 2, "-load needs -predict"},
		{[]string{"-data", "testdata/iris.csv", "-save", dir + "/no/such/dir/m.json"}, 1, "folder " + dir + "/no/such/dir does not exist"},
		{[]string{"-data", "testdata/iris.csv", "-save", dir}, 1, "it is a folder"},
	}
	for _, tc := range tests {
		code, stdout, stderr := runArgs(tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and one line containing %q", tc.args, code, stdout, stderr, tc.code, tc.want)
		}
	}
	// A failed run leaves an existing model untouched, and no temporary file behind.
	before, _ := os.ReadFile(model)
	if code, _, _ := runArgs("-data", "testdata/iris.csv", "-lr", "1e300", "-steps", "20", "-save", model); code != 1 {
		t.Errorf("a diverging run exited %d; want 1", code)
	}
	if after, _ := os.ReadFile(model); !bytes.Equal(before, after) {
		t.Error("a failed run changed the existing model file")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// FuzzReadCSV checks that the CSV reader never panics, and returns either an error or a well-formed data
// set: as many label rows as feature rows, exactly one class per row, at least two classes, named
// features, finite numbers. go test runs the seed corpus (below and in testdata/fuzz/FuzzReadCSV);
// go test -fuzz FuzzReadCSV explores further.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"a,b,label\n1,2,x\n3,4,y\n",
		"\uFEFF1,2,0\r\n3,4,1\r\n",
		"\"a\",\"b, c\",d\n\"1\",2,\"x\"\n3,4,y\n",
		"1,2\n3\n",
		"",
		"x\n",
		"1,NaN,a\n2,3,b\n",
		"name,size,kind\n1,2,caf\xe9\n3,4,tea\n", // Latin-1: not UTF-8
		"1,2,label\n0.5,1,0\n1.5,2,1\n",          // a numeric header
		"a,b\n1,0.1\n2,0.2\n3,0.3\n4,0.4\n5,0.5\n6,0.6\n7,0.7\n", // a continuous label
		"\xef\xbb\xbf\xef\xbb\xbfa,b\n1,x\n",                     // two byte-order marks
		// round three
		"a,b,label\r1,2,x\r3,4,y\r",                          // CR line ends
		"\xff\xfea\x00,\x00b\x00\n\x001\x00,\x00x\x00\n\x00", // UTF-16 with a byte-order mark
		"a\x00,\x00b\x00\n\x001\x00,\x00x\x00\n\x00",         // UTF-16LE without one
		"a;b;label\n1,5;2;x\n",                               // semicolons, decimal commas
		"a\tb\tlabel\n1\t2\tx\n",                             // tabs
		"x,x,label\n1,2,a\n3,4,b\n",                          // a name twice
		"1,,0\n1,2,0\n3,4,1\n",                               // a missing value in the first row
		"1,2,label\n1,2,a\n3,4,b\n5,6,a\n",                   // a numeric header over string classes
		"a,b\n1e160,x\n-1e160,y\n1e-170,x\n",                 // squares beyond float64, or 0
		"a,b\n1.5e308,x\n1.5e308,y\n-1.7e308,x\n",            // a sum, and a span, beyond float64
		"\"a\nb\",c,label\noops,2,x\n",                       // a name with a newline
		"a,b\n1,\x00\n",                                      // a NUL byte
	} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, in string, label int) {
		label = label%4 - 1 // −1 (last column) … 2
		tab, err := ReadTable(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			checkMessage(t, err)
			return
		}
		ds, err := ParseDataset(tab, label)
		if err != nil {
			checkMessage(t, err)
			return
		}
		n, d := ds.X.Dims()
		if ds.Y.rows != n || ds.Y.cols != len(ds.Classes) || len(ds.Classes) < 2 || len(ds.Features) != d || n == 0 {
			t.Fatalf("malformed data set: X %s, Y %s, %d classes, %d feature names", ds.X.shape(), ds.Y.shape(), len(ds.Classes), len(ds.Features))
		}
		for i := 0; i < n; i++ {
			ones := 0
			for _, v := range ds.Y.Row(i) {
				if v == 1 {
					ones++
				} else if v != 0 {
					t.Fatalf("row %d: label value %v", i, v)
				}
			}
			if ones != 1 {
				t.Fatalf("row %d has %d classes", i, ones)
			}
			for _, v := range ds.X.Row(i) {
				if notFinite(v) {
					t.Fatalf("row %d: feature %v", i, v)
				}
			}
		}
		// -standardize works on every data set that is read: finite statistics, a deviation one can
		// divide by, finite z-scores
		st := FitStandardizer(ds.X)
		for j := range st.Mean {
			if notFinite(st.Mean[j]) || notFinite(st.Std[j]) || st.Std[j] < minStd {
				t.Fatalf("column %d: mean %v, std %v", j, st.Mean[j], st.Std[j])
			}
		}
		for _, v := range st.Apply(ds.X).data {
			if notFinite(v) {
				t.Fatalf("a standardized feature is %v", v)
			}
		}
	})
}

// checkMessage fails a fuzz case whose error is not one short line.
func checkMessage(t *testing.T, err error) {
	t.Helper()
	if msg := err.Error(); strings.Contains(msg, "\n") || len(msg) > 2000 {
		t.Fatalf("a message of %d bytes, %d lines: %.200q", len(msg), strings.Count(msg, "\n")+1, msg)
	}
}

// ---------------------------------------------------------------------------------------------------
// Pictures.

// axis.at maps data to pixels as worked by hand beside it: linearly, a y axis upwards, and linearly in log₁₀
// on a log axis. (Catches: a y axis not flipped — pixels grow downwards —, a log axis mapped linearly, p0 and
// p1 swapped.)
func TestAxisMapsDataToPixels(t *testing.T) {
	// x: data 0…10 onto pixels 80…590: 5 is the middle, 335; y: data −5…15 onto 540…60 (upwards):
	// 0 is a quarter of the way up, 540 − 480/4 = 420
	xa, ya := axis{lo: 0, hi: 10, p0: 80, p1: 590}, axis{lo: -5, hi: 15, p0: 540, p1: 60}
	// log axis 0.1…10 onto 540…60: 1 is halfway (log₁₀ 1 = 0 is halfway from −1 to 1), 300
	la := axis{lo: 0.1, hi: 10, p0: 540, p1: 60, log: true}
	tests := []struct{ got, want float64 }{
		{xa.at(0), 80}, {xa.at(10), 590}, {xa.at(5), 335}, {xa.at(2), 182},
		{ya.at(-5), 540}, {ya.at(15), 60}, {ya.at(0), 420},
		{la.at(0.1), 540}, {la.at(10), 60}, {la.at(1), 300},
	}
	for i, tc := range tests {
		if math.Abs(tc.got-tc.want) > 1e-12 {
			t.Errorf("case %d: pixel %v; want %v", i, tc.got, tc.want)
		}
	}
}

// Axes hug the data: widened by the pad, they run from the nearest tick below to the nearest above, with
// the tick step (1, 2, 2.5 or 5 times a power of ten, at most 11 ticks) that wastes least. Worked by hand:
// (Catches: a tick step that wastes more room than another, more than 11 ticks, fractional steps on the step
// axis, a label printed "-0" or with too few decimals.)
func TestAxisTicks(t *testing.T) {
	tests := []struct {
		lo, hi, pad float64
		integer     bool
		wantLo      float64
		wantHi      float64
		wantStep    float64
	}{
		// the post's x2: −5.5…11.4, pad 2% of 16.9 = 0.338 → −5.838…11.738; step 1 needs −6…12, 19 ticks: too
		// many; step 2: −6…12 (10 ticks, 18 wide); 2.5: −7.5…12.5 (20 wide); 5: −10…15 (25 wide) → step 2
		{-5.5, 11.4, 0.02, false, -6, 12, 2},
		// 100…110, pad 0.2 → 99.8…110.2; step 1: 99…111, 13 ticks: too many; step 2: 98…112 (14 wide) → 2
		{100, 110, 0.02, false, 98, 112, 2},
		// 0…0.9, pad 0.018 → −0.018…0.918; step 0.1: −0.1…1.0, 12 ticks: too many; 0.2: −0.2…1.0 (1.2 wide)
		{0, 0.9, 0.02, false, -0.2, 1, 0.2},
		// steps 0…5000, no pad, whole steps: 500 gives 0…5000 in 11 ticks, as narrow as any → 500
		{0, 5000, 0, true, 0, 5000, 500},
		// steps 0…3: fractional steps are not allowed on a step axis; 1 gives 0…3
		{0, 3, 0, true, 0, 3, 1},
		// a single step, 0…0: widened to 0…1, ticks 0 and 1 (not 0.2, 0.4, …)
		{0, 0, 0, true, 0, 1, 1},
	}
	for _, tc := range tests {
		a := linearAxis(tc.lo, tc.hi, tc.pad, tc.integer, 0, 100)
		if math.Abs(a.lo-tc.wantLo) > 1e-9 || math.Abs(a.hi-tc.wantHi) > 1e-9 || math.Abs(a.step-tc.wantStep) > 1e-12 {
			t.Errorf("linearAxis(%v, %v) = %v…%v step %v; want %v…%v step %v", tc.lo, tc.hi, a.lo, a.hi, a.step, tc.wantLo, tc.wantHi, tc.wantStep)
		}
		// the property: ticks a step apart from the first to the last, the data inside, whole on a step axis
		for k, v := range a.ticks {
			if math.Abs(v-(a.lo+float64(k)*a.step)) > 1e-9*a.step || tc.integer && v != math.Round(v) {
				t.Errorf("linearAxis(%v, %v): tick %d = %v", tc.lo, tc.hi, k, v)
			}
		}
		if a.lo > tc.lo || a.hi < tc.hi || len(a.ticks) > 11 {
			t.Errorf("linearAxis(%v, %v) = %v…%v with %d ticks: want the data inside and at most 11 ticks", tc.lo, tc.hi, a.lo, a.hi, len(a.ticks))
		}
	}
	// a log axis for losses 0.2…3: from 0.1 to 10, and, spanning two decades, ticks at 1, 2 and 5 of each
	la := logAxis(0.2, 3, 0, 100)
	if fmt.Sprint(la.lo, la.hi) != "0.1 10" || len(la.ticks) != 7 {
		t.Errorf("logAxis(0.2, 3) = %v…%v, ticks %v; want 0.1…10, ticks 0.1 0.2 0.5 1 2 5 10", la.lo, la.hi, la.ticks)
	}
	// labels: as many decimals as the step needs (2: none; 0.2 and 2.5: one; 0.25: two), and no "-0"
	for _, tc := range []struct {
		v, step float64
		want    string
	}{{0.6000000000000001, 0.2, "0.6"}, {math.Copysign(0, -1), 0.5, "0.0"}, {2000, 1000, "2000"}, {-1e-17, 0.2, "0.0"},
		{0.15000000000000002, 0.05, "0.15"}, {7.5, 2.5, "7.5"}, {0.75, 0.25, "0.75"}} {
		if got := tickLabel(tc.v, axis{step: tc.step}); got != tc.want {
			t.Errorf("tickLabel(%v, step %v) = %q; want %q", tc.v, tc.step, got, tc.want)
		}
	}
}

// valueAxis chooses a log scale only when the largest value is more than ten times the smallest, as its
// comment says and the loss chart's "(log scale)" relies on: losses 1…10 (a ratio of exactly 10) get a
// linear axis, 1…10.5 a log one, and values with 0 or below never a log one. (Catches: ≥ 10 for > 10, which
// draws a one-decade loss on a log axis.)
func TestValueAxisLogOnlyBeyondADecade(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		log    bool
	}{{1, 10, false}, {1, 10.5, true}, {0.1, 1, false}, {0.1, 1.01, true}, {0, 100, false}, {-1, 100, false}} {
		if a := valueAxis(c.lo, c.hi, 0, 100); a.log != c.log {
			t.Errorf("valueAxis(%v, %v): log %v; want %v", c.lo, c.hi, a.log, c.log)
		}
	}
}

// movingAverage over windows of 2 and 3, worked by hand. (Catches: a window one short or one long, the
// average divided by the number of values seen so far.)
func TestMovingAverageByHand(t *testing.T) {
	// window 2 over 1 2 3 4 5: (1+2)/2, (2+3)/2, (3+4)/2, (4+5)/2
	if got := fmt.Sprint(movingAverage([]float64{1, 2, 3, 4, 5}, 2)); got != "[1.5 2.5 3.5 4.5]" {
		t.Errorf("movingAverage = %s; want [1.5 2.5 3.5 4.5]", got)
	}
	if got := fmt.Sprint(movingAverage([]float64{4, 6, 8}, 3)); got != "[6]" {
		t.Errorf("movingAverage(4 6 8, 3) = %s; want [6]", got)
	}
}

// polylinePoints returns the points of the <polyline class="CLASS"> in an SVG text, as (x, y) pairs.
func polylinePoints(t *testing.T, svgText, class string) [][2]float64 {
	t.Helper()
	m := regexp.MustCompile(`<polyline class="` + class + `"[^>]* points="([^"]*)"`).FindStringSubmatch(svgText)
	if m == nil {
		t.Fatalf("no polyline of class %s", class)
	}
	var pts [][2]float64
	for _, p := range strings.Fields(m[1]) {
		x, y, _ := strings.Cut(p, ",")
		fx, _ := strconv.ParseFloat(x, 64)
		fy, _ := strconv.ParseFloat(y, 64)
		pts = append(pts, [2]float64{fx, fy})
	}
	return pts
}

// A minibatch run's moving average is drawn where its window ends: 300 losses give a window of
// (300 + 50)/100 = 3, so its first point is the mean of steps 0, 1 and 2, drawn at step 2. The losses rise
// by 0.001 a step (1, 1.001, …, a linear axis), so that mean is step 1's loss: the first point of the
// average must be at the x of the raw line's third point (step 2) and the y of its second (step 1).
// (Catches: the average drawn from step `window` instead of window − 1, one step late.)
func TestLossPlotMovingAverageWhereItsWindowEnds(t *testing.T) {
	losses := make([]float64, 300)
	for i := range losses {
		losses[i] = 1 + 0.001*float64(i)
	}
	svgText := lossPlot(lossCurve{losses: losses, cfg: Config{Every: 1000, LossLabel: "Loss"}, minibatch: true, now: -1, diverged: -1}, plotFigure)
	raw, avg := polylinePoints(t, svgText, "loss"), polylinePoints(t, svgText, "average")
	if len(raw) != 300 || len(avg) != 298 || avg[0][0] != raw[2][0] || math.Abs(avg[0][1]-raw[1][1]) > 0.011 {
		t.Errorf("%d raw points, %d average points, the first at %v; want 300, 298, at (x of step 2, y of step 1) = (%v, %v)", len(raw), len(avg), avg[0], raw[2][0], raw[1][1])
	}
}

// The loss chart marks the printed steps while there are at most 200 of them: 200 losses printed every step
// are 200 dots, 201 are none (too many to read). And the step marker's label stands on the side with room.
// The step axis runs from 0 to the marked step (the page's), so at step 90 the line is at the right edge and
// the label ends there (text-anchor end); at step 0 the axis is 0…1 (one value widened to a unit range) and
// the line at the left edge, so the label starts there.
// (Catches: the 200 dots dropped, < for ≤; the label's side flipped, running off the frame.)
func TestLossPlotPrintedDotsAndMarker(t *testing.T) {
	curve := func(n, now int) string {
		return lossPlot(lossCurve{losses: make([]float64, n), cfg: Config{Every: 1, LossLabel: "Loss"}, now: now, diverged: -1}, plotFigure)
	}
	for n, want := range map[int]int{200: 200, 201: 0} {
		_, dots, _ := strings.Cut(curve(n, -1), `<g class="printed"`)
		dots, _, _ = strings.Cut(dots, "</g>")
		if got := strings.Count(dots, "<circle"); got != want {
			t.Errorf("%d losses printed every step: %d dots; want %d", n, got, want)
		}
	}
	for now, anchor := range map[int]string{0: `text-anchor="start">step 0<`, 90: `text-anchor="end">step 90<`} {
		if s := curve(101, now); !strings.Contains(s, anchor) {
			t.Errorf("marker at step %d: want %s", now, anchor)
		}
	}
}

// The page's accuracy chart draws each series from its own numbers, inside the frame. Swapping the train
// and test accuracies of every measure must swap the two lines exactly (the axis, from the lowest of all,
// is the same both times), and with accuracies down to 55% the axis starts at the ten below, 50, so that no
// point is drawn under the frame's bottom (pageChart: y from 48 to 238). (Catches: the test line drawn
// from the training accuracy; the axis starting at the ten above the lowest value, 60.)
func TestAccuracyPlotSeries(t *testing.T) {
	a := accuracyPlot([]measure{{0, 55, 70, 1}, {25, 80, 75, 1}}, 25)
	b := accuracyPlot([]measure{{0, 70, 55, 1}, {25, 75, 80, 1}}, 25)
	if fmt.Sprint(polylinePoints(t, a, "test")) != fmt.Sprint(polylinePoints(t, b, "train")) || fmt.Sprint(polylinePoints(t, a, "train")) != fmt.Sprint(polylinePoints(t, b, "test")) {
		t.Errorf("swapping train and test did not swap the lines:\n%v %v\n%v %v", polylinePoints(t, a, "train"), polylinePoints(t, a, "test"), polylinePoints(t, b, "train"), polylinePoints(t, b, "test"))
	}
	for _, class := range []string{"train", "test"} {
		for _, p := range polylinePoints(t, a, class) {
			if p[1] < 48 || p[1] > 238 {
				t.Errorf("%s point %v outside the frame's y range 48…238", class, p)
			}
		}
	}
}

// svgElements parses an SVG file as XML and returns the elements inside groups of the given class.
func svgElements(t *testing.T, path, class string) []xml.StartElement {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	depth, inside := 0, 0
	var found []xml.StartElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", path, err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			if inside == 0 && el.Name.Local == "g" {
				for _, a := range el.Attr {
					if a.Name.Local == "class" && a.Value == class {
						inside = depth
					}
				}
			} else if inside > 0 {
				found = append(found, el.Copy())
			}
		case xml.EndElement:
			if depth == inside {
				inside = 0
			}
			depth--
		}
	}
	return found
}

// svgMarks counts the marks (use, circle, path elements) inside groups of the given class.
func svgMarks(t *testing.T, path, class string) int { return len(svgElements(t, path, class)) }

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// -plot writes the four pictures into a folder it makes: one mark per point (1500) and per test point (150),
// a loss line with one point per step (101) and the printed steps marked, a log axis said so, the same ticks
// on the three pictures of the plane, the counts of correct and wrong. (Catches: points dropped or drawn
// twice, the loss line thinned to the printed steps, pictures of the plane on different axes, the folder not
// made.)
func TestPlotFiles(t *testing.T) {
	dir := t.TempDir() + "/new/pictures" // made if missing
	code, stdout, stderr := runArgs("-observations", "500", "-steps", "101", "-every", "50", "-plot", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// 3 × 500 = 1500 points; the test set is ⌈0.1 · 1500⌉ = 150 of them
	if n := svgMarks(t, dir+"/data.svg", "points"); n != 1500 {
		t.Errorf("data.svg has %d point marks; want one per point, 1500", n)
	}
	if n := svgMarks(t, dir+"/predictions.svg", "points"); n != 150 {
		t.Errorf("predictions.svg has %d marks; want one per test point, 150", n)
	}
	if n := svgMarks(t, dir+"/regions.svg", "points"); n != 150 {
		t.Errorf("regions.svg has %d test points; want 150", n)
	}
	// the loss curve has all 101 steps, and the printed steps 0, 50, 100 are marked
	if n := svgMarks(t, dir+"/loss.svg", "printed"); n != 3 {
		t.Errorf("loss.svg marks %d printed steps; want 3", n)
	}
	loss, _ := os.ReadFile(dir + "/loss.svg")
	if pts := regexp.MustCompile(`class="loss"[^>]* points="([^"]*)"`).FindSubmatch(loss); pts == nil || len(strings.Fields(string(pts[1]))) != 101 {
		t.Error("loss.svg's line does not have one point per step (101)")
	}
	// the loss falls from above 10 to below 1 in 101 steps: more than a decade, so a log axis, said so
	if !bytes.Contains(loss, []byte("loss (log scale)")) {
		t.Error("loss.svg's axis does not say it is a log scale")
	}
	ticks := map[string]string{}
	for _, name := range plotNames {
		b, _ := os.ReadFile(dir + "/" + name)
		for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="800" height="600"`, "<title>", ">x1</text>", "text-anchor=\"end\"", svgMarker} {
			if name == "loss.svg" && want == ">x1</text>" {
				want = ">step</text>"
			}
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
		if !strings.Contains(stdout, "Plot written: "+dir+"/"+name) {
			t.Errorf("output does not say %s was written:\n%s", name, stdout)
		}
		ticks[name] = regexp.MustCompile(`<g class="ticks".*?</g>`).FindString(strings.ReplaceAll(string(b), "\n", ""))
	}
	// the three pictures of the plane share their axes
	if ticks["data.svg"] != ticks["predictions.svg"] || ticks["data.svg"] != ticks["regions.svg"] {
		t.Error("data.svg, predictions.svg and regions.svg have different axes")
	}
	pred, _ := os.ReadFile(dir + "/predictions.svg")
	if !regexp.MustCompile(`>correct \d+</text>`).Match(pred) || !regexp.MustCompile(`>wrong \d+</text>`).Match(pred) {
		t.Error("predictions.svg's legend lacks the counts of correct and wrong predictions")
	}
}

// The loss curve of -plot is every step's loss, the same whatever -every prints, and its axis is a log
// axis when the largest loss is more than ten times the smallest — a ratio, not a difference. Two runs of
// 300 rows print every loss (-every 1), so the test reads the range from their own output: -lr 0.1 for
// 301 steps falls by more than a decade but by less than 10 (from about 8 to about 0.3): log; -reg 10 for 4
// steps falls by more than 10 but not by a decade (from about 124 to about 62, the L2 part shrinking by
// (1 − lr·λ)² = 0.81 a step): linear. (Catches: the loss recorded only at the printed steps — a staircase that
// differs from -every 1's curve —, the log axis chosen by the difference hi − lo > 10.)
func TestPlotLossCurve(t *testing.T) {
	dir := t.TempDir()
	lossRange := func(stdout string) (lo, hi float64) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, m := range regexp.MustCompile(`Loss at step \d+: (\S+)`).FindAllStringSubmatch(stdout, -1) {
			v := parseFloats(t, m[1])[0]
			lo, hi = min(lo, v), max(hi, v)
		}
		return lo, hi
	}
	curve := func(name string) (points string, logScale bool) {
		b, _ := os.ReadFile(dir + "/" + name + "/loss.svg")
		pts := regexp.MustCompile(`class="loss"[^>]* points="([^"]*)"`).FindSubmatch(b)
		if pts == nil {
			t.Fatalf("%s/loss.svg has no loss line", name)
		}
		return string(pts[1]), bytes.Contains(b, []byte("loss (log scale)"))
	}
	common := []string{"-observations", "100", "-steps", "301", "-lr", "0.1"}
	for _, every := range []string{"1", "100"} {
		if code, _, stderr := runArgs(append(common, "-every", every, "-plot", dir+"/every"+every)...); code != 0 {
			t.Fatal(stderr)
		}
	}
	_, stdout, _ := runArgs(append(common, "-every", "1")...)
	lo, hi := lossRange(stdout)
	if !(hi/lo > 10 && hi-lo < 10) {
		t.Fatalf("-lr 0.1: losses %v…%v; the test wants a ratio above 10 and a difference below 10", lo, hi)
	}
	every1, log1 := curve("every1")
	every100, _ := curve("every100")
	if every1 != every100 {
		t.Error("loss.svg's curve with -every 100 differs from the one with -every 1: not every step's loss")
	}
	if !log1 {
		t.Errorf("losses %v…%v (ratio %.3g): loss.svg's axis is not a log axis", lo, hi, hi/lo)
	}
	args := []string{"-observations", "100", "-steps", "4", "-every", "1", "-reg", "10"}
	_, stdout, _ = runArgs(args...)
	if lo, hi = lossRange(stdout); !(hi/lo < 10 && hi-lo > 10) {
		t.Fatalf("-reg 10: losses %v…%v; the test wants a ratio below 10 and a difference above 10", lo, hi)
	}
	if code, _, stderr := runArgs(append(args, "-plot", dir+"/reg")...); code != 0 {
		t.Fatal(stderr)
	}
	if _, log := curve("reg"); log {
		t.Errorf("losses %v…%v (ratio %.3g): loss.svg's axis is a log axis; want a linear one", lo, hi, hi/lo)
	}
}

// A loss curve longer than the chart is wide is drawn by its extremes in each pixel column, each at its own
// step. 3001 steps on loss.svg's 510 columns (x from 80 to 590 for steps 0…3000, ticks every 500): each
// column holds 3001/510 ≈ 5.9 steps, so the first point is in steps 0…5, at x ≤ 80 + 5/3000·510 = 80.85,
// the last in steps 2995…3000, at x ≥ 80 + 2995/3000·510 = 589.15, and x never decreases. (Catches: the
// column's points placed at consecutive steps 0, 1, 2, … — the whole curve squeezed into the first 1020
// steps, its last point at x = 253.)
func TestPlotLongLossCurve(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runArgs("-observations", "20", "-steps", "3001", "-every", "1000", "-plot", dir); code != 0 {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(dir + "/loss.svg")
	pts := regexp.MustCompile(`class="loss"[^>]* points="([^"]*)"`).FindSubmatch(b)
	if pts == nil {
		t.Fatal("loss.svg has no loss line")
	}
	var xs []float64
	for _, p := range strings.Fields(string(pts[1])) {
		x, _ := strconv.ParseFloat(strings.Split(p, ",")[0], 64)
		if len(xs) > 0 && x < xs[len(xs)-1] {
			t.Fatalf("the loss line goes back from x = %v to %v", xs[len(xs)-1], x)
		}
		xs = append(xs, x)
	}
	if len(xs) != 2*510 || xs[0] > 80.85 || xs[len(xs)-1] < 589.15 {
		t.Errorf("the loss line has %d points from x = %v to %v; want 1020, from the first column (x ≤ 80.85) to the last (x ≥ 589.15)",
			len(xs), xs[0], xs[len(xs)-1])
	}
}

// The points are drawn in a fixed shuffled order, not class by class (the last class would cover the
// others), and the same run draws the same bytes. (Catches: the points drawn class by class, or in an order
// that changes from run to run.)
func TestPlotDrawingOrder(t *testing.T) {
	dir1, dir2 := t.TempDir(), t.TempDir()
	for _, dir := range []string{dir1, dir2} {
		if code, _, stderr := runArgs("-observations", "300", "-steps", "2", "-plot", dir); code != 0 {
			t.Fatal(stderr)
		}
	}
	a, _ := os.ReadFile(dir1 + "/data.svg")
	b, _ := os.ReadFile(dir2 + "/data.svg")
	if !bytes.Equal(a, b) {
		t.Error("two runs with the same flags drew different data.svg files")
	}
	marks := svgElements(t, dir1+"/data.svg", "points")
	// classes 0, 1, 2 are rows 0–299, 300–599, 600–899; drawn in order, the first 100 marks would all be
	// class 0. Shuffled, each class is about a third of them.
	counts := map[string]int{}
	for _, m := range marks[:99] {
		counts[attr(m, "href")]++
	}
	for _, k := range []string{"#m0", "#m1", "#m2"} {
		if counts[k] < 20 {
			t.Errorf("of the first 99 marks %d are %s: the points are not drawn in a shuffled order (%v)", counts[k], k, counts)
		}
	}
}

// Marks for at least 12 classes differ in colour, and beyond 12 in shape; a legend with long class names
// stays within the picture: every line at most legendChars characters, names shortened with "…". (Catches:
// the thirteenth class given the first one's mark, a legend line running off the picture.)
func TestPlotManyClassesAndLongNames(t *testing.T) {
	s := newSVG(plotFigure, "t", "", 14).end()
	defs := regexp.MustCompile(`<g id="m(\d+)" fill="([^"]+)"[^>]*>(<\w+)`).FindAllStringSubmatch(s, -1)
	if len(defs) != 14 {
		t.Fatalf("%d marks defined; want 14", len(defs))
	}
	seen := map[string]string{}
	for _, d := range defs {
		key := d[2] + d[3] // colour and shape
		if other, dup := seen[key]; dup {
			t.Errorf("classes %s and %s have the same mark %s", other, d[1], key)
		}
		seen[key] = d[1]
	}
	if defs[12][2] != defs[0][2] || defs[12][3] == defs[0][3] {
		t.Errorf("class 12's mark %v; want class 0's colour in another shape", defs[12][2:])
	}
	// a file of 14 classes, some with long names
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("a,b,kind\n")
	for i := 0; i < 140; i++ {
		k := i % 14
		name := fmt.Sprintf("c%d", k)
		if k%3 == 0 {
			name = fmt.Sprintf("the rather long name of class %d that goes on and on", k)
		}
		fmt.Fprintf(&b, "%d,%d,%s\n", k, i%5, name)
	}
	os.WriteFile(dir+"/many.csv", []byte(b.String()), 0o644)
	if code, _, stderr := runArgs("-data", dir+"/many.csv", "-steps", "2", "-plot", dir); code != 0 {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(dir + "/data.svg")
	legend := regexp.MustCompile(`(?s)<g class="legend".*?</g>`).FindString(string(data))
	texts := regexp.MustCompile(`<text[^>]*>([^<]*)</text>`).FindAllStringSubmatch(legend, -1)
	long := 0
	for _, tx := range texts {
		line := html.UnescapeString(tx[1])
		if n := len([]rune(line)); n > legendChars {
			t.Errorf("legend line %q is %d characters; want at most %d", line, n, legendChars)
		}
		if strings.HasSuffix(line, "…") {
			long++
		}
	}
	if long == 0 || !strings.Contains(legend, "3 = the rather long") {
		t.Errorf("long class names are not numbered and shortened:\n%s", legend)
	}
}

// -plot-features picks the plane by number or by name; the titles say which features, and for data with
// more than two, the regions hold the others at their training means. (Catches: -plot-features counted from
// 0, a name not found, a title that does not say which features it shows or where it holds the others, a
// bad value accepted.)
func TestPlotFeatures(t *testing.T) {
	for _, spec := range []string{"3,4", "petal_length,petal_width", "petal_length, 4"} {
		dir := t.TempDir()
		code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "3", "-plot", dir, "-plot-features", spec)
		if code != 0 {
			t.Fatalf("-plot-features %s: %s", spec, stderr)
		}
		regions, _ := os.ReadFile(dir + "/regions.svg")
		for _, want := range []string{">petal_length</text>", ">petal_width</text>", "features 3 and 4 of 4: petal_length and petal_width; the other 2 features at their training means"} {
			if !bytes.Contains(regions, []byte(want)) {
				t.Errorf("-plot-features %s: regions.svg lacks %q", spec, want)
			}
		}
	}
	for _, tc := range []struct{ spec, want string }{
		{"3", "not two features"},
		{"1,9", "the data have no feature 9"},
		{"0,1", "the data have no feature 0"},
		{"sepal_length,petals", `no feature is named "petals"`},
		{"2,sepal_width", "the same feature twice"},
	} {
		oneLine(t, []string{"-data", "testdata/iris.csv", "-plot", t.TempDir(), "-plot-features", tc.spec}, 2,
			fmt.Sprintf("invalid value %q for flag -plot-features: %s; want two different features by number from 1 to 4 or by name", tc.spec, tc.want))
	}
}

// Above maxMarks points a picture draws a fixed sample of maxMarks, and its title says so. (Catches: every
// one of 25,000 points drawn — a picture of many MB —, a sample that the title does not mention.)
func TestPlotSamplesBigData(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	g := lcg(3)
	for i := 0; i < 25000; i++ {
		fmt.Fprintf(&b, "%.4f,%.4f,%d\n", g.next(), g.next(), i%2)
	}
	os.WriteFile(dir+"/big.csv", []byte(b.String()), 0o644)
	if code, _, stderr := runArgs("-data", dir+"/big.csv", "-steps", "2", "-plot", dir); code != 0 {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(dir + "/data.svg")
	if n := svgMarks(t, dir+"/data.svg", "points"); n != maxMarks || !bytes.Contains(data, []byte("showing 20,000 of 25,000 points")) {
		t.Errorf("data.svg of 25,000 points draws %d and says %q", n, regexp.MustCompile(`<title>[^<]*`).Find(data))
	}
	for _, name := range plotNames {
		if fi, err := os.Stat(dir + "/" + name); err != nil || fi.Size() > 3e6 {
			t.Errorf("%s: %v bytes; want under 3 MB", name, fi.Size())
		}
	}
}

// regionsImage reads the PNG of the regions that a regions.svg holds as a data: URL.
func regionsImage(t *testing.T, path string) image.Image {
	t.Helper()
	svg, _ := os.ReadFile(path)
	data := regexp.MustCompile(`href="data:image/png;base64,([^"]+)"`).FindSubmatch(svg)
	if data == nil {
		t.Fatalf("%s has no regions image", path)
	}
	raw, _ := base64.StdEncoding.DecodeString(string(data[1]))
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// A data set small enough to work out every pixel by hand, trained with -standardize: the points stand
// where the axes put them, and the region colour under each class's points is that class's tint — so
// the x and y of a point cannot be swapped, nor the regions computed on features the network was not
// trained on (raw instead of standardized, which puts the whole plane in one class).
//
//	class L: a = 100, 100.05, …, 100.45 and b = 0, 0.1, …, 0.9      class R: a = 109.55 … 110, the same b
//	x axis: 98…112 (step 2, worked out in TestAxisTicks), 510 pixels from 80:  a → 80 + (a − 98)/14·510
//	y axis: −0.2…1.0 (step 0.2), 480 pixels up from 540:                       b → 540 − (b + 0.2)/1.2·480
//	so the point (100, 0) is at (80 + 2/14·510, 540 − 0.2/1.2·480) = (152.86, 460.00)
//	and (110, 0.9) at (80 + 12/14·510, 540 − 1.1/1.2·480) = (517.14, 100.00)
//
// In the regions image (510 × 480 pixels, one per cell), the cell of (100.2, 0.5) is column
// ⌊2.2/14·510⌋ = 80, row ⌊(1.0 − 0.5)/1.2·480⌋ = 200; that of (109.8, 0.5) is column ⌊11.8/14·510⌋ = 429,
// row 200, each in its class's tint as worked by hand at regionTints. (Catches: x and y swapped, the regions
// computed on raw features, a tint of the wrong strength.)
func TestPlotPointsAndRegionsByHand(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("a,b,side\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "%v,%v,L\n", 100+0.05*float64(i), 0.1*float64(i))
		fmt.Fprintf(&b, "%v,%v,R\n", 109.55+0.05*float64(i), 0.1*float64(i))
	}
	os.WriteFile(dir+"/lr.csv", []byte(b.String()), 0o644)
	code, _, stderr := runArgs("-data", dir+"/lr.csv", "-standardize", "-hidden", "none", "-lr", "0.5", "-steps", "300",
		"-test-size", "0.5", "-plot", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	at := map[string]string{}
	for _, m := range svgElements(t, dir+"/data.svg", "points") {
		at[attr(m, "x")+","+attr(m, "y")] = attr(m, "href")
	}
	if at["152.86,460.00"] != "#m0" || at["517.14,100.00"] != "#m1" {
		t.Errorf("data.svg: the mark at (152.86, 460.00) is %q and at (517.14, 100.00) %q; want class L's #m0 and R's #m1",
			at["152.86,460.00"], at["517.14,100.00"])
	}
	img := regionsImage(t, dir+"/regions.svg")
	if bounds := img.Bounds(); bounds.Dx() != 510 || bounds.Dy() != 480 {
		t.Fatalf("regions image %v; want 510 × 480", bounds)
	}
	for _, c := range []struct {
		col, row, class int
	}{{80, 200, 0}, {429, 200, 1}} {
		if got, want := pixelHex(img, c.col, c.row), regionTints[c.class]; got != want {
			t.Errorf("regions pixel (%d, %d) is %s; want class %d's tint %s", c.col, c.row, got, c.class, want)
		}
	}
}

// regionTints are the regions' colours of classes 0 and 1, worked by hand: each channel c of the class
// colour (#0072B2, #E69F00: palette in train.go) moved 75% of the way to white, c + ⌊(255 − c)·3/4⌋.
//
//	#0072B2: 0 + ⌊255·3/4⌋ = 191, 114 + ⌊141·3/4⌋ = 219, 178 + ⌊77·3/4⌋ = 235   → #bfdbeb
//	#E69F00: 230 + ⌊25·3/4⌋ = 248, 159 + ⌊96·3/4⌋ = 231, 0 + 191 = 191          → #f8e7bf
var regionTints = []string{"#bfdbeb", "#f8e7bf"}

// pixelHex is the colour of img at (x, y) as #rrggbb.
func pixelHex(img image.Image, x, y int) string {
	r, g, b, _ := img.At(x, y).RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// The regions picture is the right way up and its tint is the one worked by hand: the same two groups
// of TestPlotPointsAndRegionsByHand with the features swapped, so that class "down" lies at b = 100…100.45
// and "up" at b = 109.55…110, one above the other; a = 0…0.9. The y axis is then 98…112 over the image's
// 480 rows, top row first: row 20 is at b = 112 − 20.5/480·14 = 111.4, row 460 at b = 98.6, both far from
// the boundary near b = 105. (Catches: the regions drawn upside down — the top row predicted at the
// bottom's b —, a tint far too strong or too weak.)
func TestPlotRegionsRightWayUp(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("a,b,side\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "%v,%v,down\n", 0.1*float64(i), 100+0.05*float64(i))
		fmt.Fprintf(&b, "%v,%v,up\n", 0.1*float64(i), 109.55+0.05*float64(i))
	}
	os.WriteFile(dir+"/ud.csv", []byte(b.String()), 0o644)
	if code, _, stderr := runArgs("-data", dir+"/ud.csv", "-standardize", "-hidden", "none", "-lr", "0.5", "-steps", "300",
		"-test-size", "0.5", "-plot", dir); code != 0 {
		t.Fatal(stderr)
	}
	img := regionsImage(t, dir+"/regions.svg")
	for _, c := range []struct{ row, class int }{{20, 1}, {460, 0}} {
		if got, want := pixelHex(img, 255, c.row), regionTints[c.class]; got != want {
			t.Errorf("regions pixel (255, %d) is %s; want class %d's tint %s", c.row, got, c.class, want)
		}
	}
}

// A data set of 4 features is drawn on the pair that separates the classes best — the petals, by the F
// statistics quoted —, its titles naming them; a minibatch run's loss curve is the faint raw loss with a
// moving average over it, its window in the legend. (Catches: the plane always on features 1 and 2, the ratio
// ranked the wrong way, no average on a minibatch curve.)
func TestPlotOtherData(t *testing.T) {
	dir := t.TempDir()
	// iris has 4 features: the plane is the two that separate the species best unless -plot-features
	// says otherwise — the petals: scikit-learn's f_classif on testdata/iris.csv gives the ANOVA F
	// statistics 119.26, 49.16, 1180.16, 960.01 for the four columns, and Fisher's ratio of between- to
	// within-class variance is F·(k − 1)/(n − k), in the same order — and the pictures say which of the 4
	// they show
	code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "10", "-plot", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(dir + "/data.svg")
	for _, want := range []string{"features 3 and 4 of 4: petal_length and petal_width", ">petal_length</text>", ">petal_width</text>", ">0 = setosa (50)</text>"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("data.svg lacks %q", want)
		}
	}
	if n := svgMarks(t, dir+"/data.svg", "points"); n != 150 {
		t.Errorf("data.svg has %d marks; want 150", n)
	}
	// a minibatch run: the raw losses faint, a moving average over them, its window in the legend
	code, _, stderr = runArgs("-observations", "200", "-batch", "20", "-steps", "500", "-every", "100", "-plot", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	loss, _ := os.ReadFile(dir + "/loss.svg")
	if !bytes.Contains(loss, []byte(`class="average"`)) || !bytes.Contains(loss, []byte("average of the last 5")) || !bytes.Contains(loss, []byte(`stroke-opacity="0.3"`)) {
		t.Error("a minibatch run's loss.svg lacks the faint raw losses or the moving average named in its legend (window 500/100 = 5)")
	}
}

// -plot into a path that is a file, or under one, fails with exit 1 and one line, and writes nothing.
// (Catches: a picture written over the file, a stack trace, exit 0.)
func TestPlotUnwritable(t *testing.T) {
	file := t.TempDir() + "/afile"
	os.WriteFile(file, []byte("x"), 0o644)
	for _, dir := range []string{file, file + "/sub"} {
		code, stdout, stderr := runArgs("-observations", "10", "-plot", dir)
		if code != 1 || !strings.HasPrefix(stderr, "nn: -plot "+dir+": cannot make the folder") || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("-plot %s: exit %d, stdout %q, stderr %q; want exit 1 and one line", dir, code, stdout, stderr)
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// Benchmarks: go test -run XXX -bench . -benchmem (speed is compared as ratios within one run).

// BenchmarkMul multiplies two random n×n matrices and reports GFLOP/s (2n³ operations per product).
func BenchmarkMul(b *testing.B) {
	for _, n := range []int{64, 256, 512, 1024} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			g := lcg(1)
			x, y, c := g.matrix(n, n), g.matrix(n, n), NewMatrix(n, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				MulInto(c, x, y)
			}
			b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkPlainOrFast times each product's plain loop against its fast kernel on the post's layer
// shapes for a batch of 2 rows, on either side of the switch from one to the other (plainWork
// multiply-adds), and at a minibatch of the TensorFlow recipe (100 rows): the evidence behind plainWork.
func BenchmarkPlainOrFast(b *testing.B) {
	for _, s := range [][3]int{{2, 2, 5}, {plainWork / 10, 2, 5}, {plainWork/10 + 1, 2, 5}, {100, 2, 5}, {100, 5, 3}} {
		g := lcg(1)
		n, k, p := s[0], s[1], s[2]
		x, y, yt, c := g.matrix(n, k), g.matrix(k, p), g.matrix(p, k), g.matrix(n, p)
		d, dA := NewMatrix(n, p), NewMatrix(k, p)
		for _, v := range []struct {
			name string
			run  func()
		}{
			{"Mul/plain", func() { mulPlain(d, x, y) }}, {"Mul/fast", func() { mulFast(d, x, y) }},
			{"MulTransB/plain", func() { mulTransBPlain(d, x, yt) }}, {"MulTransB/fast", func() { mulTransBFast(d, x, yt) }},
			{"MulTransA/plain", func() { mulTransAPlain(dA, x, c) }}, {"MulTransA/fast", func() { mulTransAFast(dA, x, c) }},
		} {
			b.Run(fmt.Sprintf("%s/%dx%dx%d", v.name, n, k, p), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					v.run()
				}
			})
		}
	}
}

// BenchmarkTrainStep is one full-batch step of the post's training: 13500 rows, 2 → 5 → 3.
func BenchmarkTrainStep(b *testing.B) {
	rng := NewRandomState(12)
	ds := PostData(rng, 4500, func(string) {}) // 13500 rows, as many as the post's training set
	net := NewNetwork([]int{2, 5, 3}, rng.NormalMatrix)
	tr := NewTrainer(net, ds.X, ds.Y, Config{LearningRate: 0.01, RegLambda: 0.01})
	tr.Next(false) // the first step may grow the workers' scratch space
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tr.Next(false)
	}
}

// BenchmarkTrainStepWide is one full-batch step of a wide network: 16000 rows, 64 → 256 → 10.
func BenchmarkTrainStepWide(b *testing.B) {
	g := lcg(8)
	x, y := testData(&g, 16000, 64, 10)
	net := NewNetwork([]int{64, 256, 10}, NewRandomState(1).HeNormalMatrix)
	tr := NewTrainer(net, x, y, Config{LearningRate: 0.1, RegLambda: 0.001})
	tr.Next(false) // the first step may grow the workers' scratch space
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tr.Next(false)
	}
	flops := 2 * 16000 * (2*64*256 + 3*256*10) // the five products
	b.ReportMetric(float64(flops)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkTrainPost is the whole default run, `go run .` without the build: data, 5001 steps, accuracy.
func BenchmarkTrainPost(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if code := run(nil, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkMulShapes runs the five products of one training step of a wide network (16000 rows,
// 64 → 256 → 10), to compare their rates with BenchmarkMul's square ones.
func BenchmarkMulShapes(b *testing.B) {
	g := lcg(1)
	x, w1, w2 := g.matrix(16000, 64), g.matrix(64, 256), g.matrix(256, 10)
	hidden, scores, delta := g.matrix(16000, 256), NewMatrix(16000, 10), g.matrix(16000, 10)
	deltaH, gw1, gw2 := NewMatrix(16000, 256), NewMatrix(64, 256), NewMatrix(256, 10)
	for _, c := range []struct {
		name  string
		flops float64
		run   func()
	}{
		{"X·W1", 2 * 16000 * 64 * 256, func() { MulInto(hidden, x, w1) }},
		{"hidden·W2", 2 * 16000 * 256 * 10, func() { MulInto(scores, hidden, w2) }},
		{"δ·W2ᵀ", 2 * 16000 * 256 * 10, func() { MulTransBInto(deltaH, delta, w2) }},
		{"hiddenᵀ·δ", 2 * 16000 * 256 * 10, func() { MulTransAInto(gw2, hidden, delta) }},
		{"Xᵀ·δhidden", 2 * 16000 * 64 * 256, func() { MulTransAInto(gw1, x, deltaH) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				c.run()
			}
			b.ReportMetric(c.flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkMask compares the backward mask's branch-free kernel with the plain branch, on the post's
// hidden layer: [13500 x 5], about half the units off, in no pattern.
func BenchmarkMask(b *testing.B) {
	g := lcg(4)
	signal, hidden, dst := g.matrix(13500, 5), g.matrix(13500, 5), NewMatrix(13500, 5)
	b.Run("branch-free", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			keepWherePositiveLoop(dst.data, signal.data, hidden.data, 0)
		}
	})
	b.Run("branch", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for k, h := range hidden.data {
				if h > 0 {
					dst.data[k] = signal.data[k]
				} else {
					dst.data[k] = 0
				}
			}
		}
	})
}

// ---------------------------------------------------------------------------------------------------
// Nothing a user points the program at is damaged, and no input crashes it.

// oneLine checks that a run failed with exit status code and one line on stderr containing want (and
// perhaps warnings), with no stack trace and nothing on stdout.
func oneLine(t *testing.T, args []string, code int, want string) {
	t.Helper()
	if stdout := failsWith(t, args, code, want); stdout != "" {
		t.Errorf("%v: printed %q before failing; want nothing", args, stdout)
	}
}

// failsWith checks that a run failed as oneLine says, whatever it printed on stdout before, and returns
// that.
func failsWith(t *testing.T, args []string, code int, want string) string {
	t.Helper()
	got, stdout, stderr := runArgs(args...)
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	var errLines []string
	for _, l := range lines {
		if !strings.HasPrefix(l, "nn: warning: ") {
			errLines = append(errLines, l)
		}
	}
	if got != code || len(errLines) != 1 || !strings.Contains(errLines[0], want) || strings.Contains(stderr, "goroutine") {
		t.Errorf("%v: exit %d, stderr %q; want exit %d and one line containing %q", args, got, stderr, code, want)
	}
	return stdout
}

// -save through a symbolic link writes the file it points to, keeps the link and the file's permissions, and
// makes a missing target where a dangling link points; no temporary file is left. (Catches: the rename
// replacing the link with a file, a mode of 0600 from the temporary file, a temporary file left behind.)
func TestSaveFollowsLinksAndKeepsPermissions(t *testing.T) {
	dir := t.TempDir()
	target, link := dir+"/target.json", dir+"/link.json"
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target.json", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "1", "-save", link); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link %s is no longer a link", link)
	}
	fi, err := os.Stat(target)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("target's permissions %v; want 0600 kept", fi.Mode().Perm())
	}
	if _, err := readModelFile(target); err != nil {
		t.Errorf("the link's target does not hold the model: %v", err)
	}
	// a link to a file not there yet: the file is made where the link points
	if err := os.Symlink("new.json", dir+"/dangling.json"); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "1", "-save", dir+"/dangling.json"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, err := os.Stat(dir + "/new.json"); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("the dangling link's target: %v; want a new file of mode 0644", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), "write-test") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// -save and -plot refuse a named pipe, a socket, a folder, a path under a file, a missing folder, /proc and a
// read-only file, each with one line, and leave them as they were. (Catches: a write into a FIFO that blocks
// forever, a read-only file replaced by the rename, a folder taken for a file.)
func TestOutputsThatAreNotFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := dir + "/fifo"
	if err := exec.Command("mkfifo", fifo).Run(); err != nil {
		t.Skip("mkfifo:", err)
	}
	sock := dir + "/sock"
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skip("unix socket:", err)
	}
	defer l.Close()
	readOnly := dir + "/ro.json"
	os.WriteFile(readOnly, []byte("keep"), 0o444)
	afile := dir + "/afile"
	os.WriteFile(afile, []byte("x"), 0o644)
	for _, tc := range []struct {
		path, want string
	}{
		{fifo, "it is a named pipe (FIFO), not a regular file"},
		{sock, "it is a socket, not a regular file"},
		{dir, "it is a folder, not a regular file"},
		{afile + "/m.json", dir + "/afile is not a folder"},
		{dir + "/missing/m.json", "folder " + dir + "/missing does not exist"},
		{"/proc/m.json", "cannot write /proc/m.json"},
	} {
		oneLine(t, []string{"-data", "testdata/iris.csv", "-save", tc.path}, 1, tc.want)
	}
	oneLine(t, []string{"-data", "testdata/iris.csv", "-save", readOnly}, 1, "it is read-only")
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}
	if b, _ := os.ReadFile(readOnly); string(b) != "keep" {
		t.Error("the read-only file was changed")
	}
	// -plot's pictures follow the same rules
	os.Mkdir(dir+"/pics", 0o755)
	if err := exec.Command("mkfifo", dir+"/pics/loss.svg").Run(); err != nil {
		t.Fatal(err)
	}
	oneLine(t, []string{"-observations", "20", "-plot", dir + "/pics"}, 1, "loss.svg: it is a named pipe (FIFO)")
}

// -plot removes a picture an earlier run of this program left, when this run draws none in its place; a
// file of the same name that it did not draw is left alone, and the output says so. (Catches: an old loss.svg
// left beside new pictures it no longer matches, or a user's file of that name deleted.)
func TestPlotRemovesItsOwnOldPictures(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runArgs("-observations", "20", "-steps", "3", "-plot", dir); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(dir + "/loss.svg"); err != nil {
		t.Fatal("the first run drew no loss.svg")
	}
	// -steps 0: no loss curve; the old one is removed
	code, stdout, stderr := runArgs("-observations", "20", "-steps", "0", "-plot", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(dir + "/loss.svg"); err == nil || !strings.Contains(stdout, "loss.svg: there were no training steps (the one an earlier run left there is removed)") {
		t.Errorf("loss.svg of the earlier run still there, or not said:\n%s", stdout)
	}
	os.WriteFile(dir+"/loss.svg", []byte("mine"), 0o644)
	if code, _, _ := runArgs("-observations", "20", "-steps", "0", "-plot", dir); code != 0 {
		t.Fatal("third run failed")
	}
	if b, _ := os.ReadFile(dir + "/loss.svg"); string(b) != "mine" {
		t.Error("a loss.svg this program did not draw was removed")
	}
}

// Sizes far beyond the flags' ranges are usage errors; sizes within them that need more memory than the
// machine has are refused before anything is allocated. Neither prints a stack trace. (Catches: a size parsed
// into an int that overflows, a run that allocates gigabytes before it fails, a stack trace from an
// out-of-memory panic.)
func TestHugeSizesAreRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-hidden", "9999999999999"}, `invalid value "9999999999999" for flag -hidden: want hidden layer sizes as whole numbers from 1 to 100000`},
		{[]string{"-observations", "9999999999999"}, "for flag -observations: want a whole number from 1 to 100000000"},
		{[]string{"-observations", "9223372036854775807"}, "for flag -observations: want a whole number from 1 to 100000000"},
		{[]string{"-observations", "99999999999999999999999"}, "for flag -observations: want a whole number from 1 to 100000000"},
		{[]string{"-steps", "99999999999"}, "for flag -steps: want a whole number from 0 to 1000000000"},
		{[]string{"-batch", "-3"}, "for flag -batch: want a whole number ≥ 0"},
	} {
		oneLine(t, tc.args, 2, tc.want)
	}
	if availableMemory() == 0 {
		t.Skip("this system does not say how much memory is available")
	}
	oneLine(t, []string{"-hidden", "100000", "-observations", "10000000"}, 1, "would need about")
	oneLine(t, []string{"-observations", "100000000", "-hidden", "1000"}, 1, "would need about")
}

// -predict reads a file with a header by its column names: a model of a, b predicts a file whose columns
// are b, a (and an extra id column) as it predicts the a, b file; a file without one of the model's
// features is refused, naming it. The model remembers its label column, so the training file needs no
// -label. (Catches: -predict reading columns by position when the file has a header, an extra column taken
// for a feature, a missing feature filled with another column.)
func TestPredictByColumnName(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		os.WriteFile(dir+"/"+name, []byte(content), 0o644)
		return dir + "/" + name
	}
	var ab, ba, labelFirst strings.Builder
	ab.WriteString("a,b,kind\n")
	ba.WriteString("id,b,a\n")
	labelFirst.WriteString("kind,a,b\n")
	g := lcg(2)
	for i := 0; i < 60; i++ {
		a, b := g.next(), g.next()
		kind := "x"
		if a > b {
			kind = "y"
		}
		fmt.Fprintf(&ab, "%v,%v,%s\n", a, b, kind)
		fmt.Fprintf(&ba, "%d,%v,%v\n", i, b, a)
		fmt.Fprintf(&labelFirst, "%s,%v,%v\n", kind, a, b)
	}
	abFile, baFile, firstFile := write("ab.csv", ab.String()), write("ba.csv", ba.String()), write("first.csv", labelFirst.String())
	model := dir + "/m.json"
	if code, _, stderr := runArgs("-data", firstFile, "-label", "1", "-steps", "50", "-save", model); code != 0 {
		t.Fatal(stderr)
	}
	_, fromAB, errAB := runArgs("-load", model, "-predict", abFile)
	code, fromBA, errBA := runArgs("-load", model, "-predict", baFile)
	if code != 0 || fromAB != fromBA {
		t.Errorf("b, a columns predicted differently from a, b (exit %d, %s)", code, errBA)
	}
	if !strings.Contains(errBA, "ignoring id: not features of the model") {
		t.Errorf("no warning about the id column: %q", errBA)
	}
	if !strings.Contains(errAB, "accuracy on "+abFile) {
		t.Errorf("the label column was not found by its name: %q", errAB)
	}
	// the training file itself, label first, without -label
	if code, _, stderr := runArgs("-load", model, "-predict", firstFile); code != 0 || !strings.Contains(stderr, "accuracy on") {
		t.Errorf("predicting the training file: exit %d, %q", code, stderr)
	}
	onlyB := write("onlyb.csv", "b,c,kind\n1,2,x\n")
	oneLine(t, []string{"-load", model, "-predict", onlyB}, 1, "onlyb.csv has no column named a; the model in "+model+" takes a, b")
	// -label N names the label column, even when another column has the model's label name: here kind
	// holds zzz, no class of the model, and column 4 the true classes; the accuracy is over its 2 rows.
	// (Catches: the header's label name winning over an explicit -label.)
	explicit := write("explicit.csv", "a,b,kind,truth\n1,2,zzz,x\n2,1,zzz,y\n")
	if code, _, stderr := runArgs("-load", model, "-predict", explicit, "-label", "4"); code != 0 || !strings.Contains(stderr, "accuracy on "+explicit+": ") || !strings.Contains(stderr, "of 2)") {
		t.Errorf("-label 4 with a kind column: exit %d, %q; want exit 0 and the accuracy over the 2 rows", code, stderr)
	}
	// -label 1 on a file of the model's two features only, no header: taking column 1 as the label leaves
	// one feature for a model of two, so it is refused, not predicted with the label ignored. (Catches:
	// a file of exactly the features accepted whatever -label says.)
	bare := write("bare.csv", "1,2\n3,4\n")
	oneLine(t, []string{"-load", model, "-predict", bare, "-label", "1"}, 1, "bare.csv has 2 columns; the model in "+model+" takes 2 features (a, b), with or without a label column")
}

// Files that are not what they seem get a message that says what to do: Latin-1 bytes (convert to UTF-8), a
// continuous label column (pick another with -label), a numeric header read as a header, and a wide file
// whose Data and Classes lines stay short. (Catches: 0xe9 read as a replacement character, a column of 40
// distinct values trained as 40 classes, a numeric header row taken for data, lines of hundreds of names.)
func TestTextAndLabelProblems(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, content []byte) string {
		os.WriteFile(dir+"/"+name, content, 0o644)
		return dir + "/" + name
	}
	// Latin-1: "é" is the single byte 0xe9
	latin1 := write("latin1.csv", []byte("name,size,kind\n1,2,caf\xe9\n3,4,tea\n"))
	oneLine(t, []string{"-data", latin1}, 1, "latin1.csv line 2, column 8: byte 0xe9 is not UTF-8 text; convert the file to UTF-8")
	// a continuous label: every row a class of its own
	var cont strings.Builder
	cont.WriteString("a,b,c\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&cont, "%d,%d,%v\n", i%3, i%5, float64(i)*1.5)
	}
	contFile := write("cont.csv", []byte(cont.String()))
	oneLine(t, []string{"-data", contFile}, 1, "column 3 (c) has 40 different values in 40 rows")
	oneLine(t, []string{"-data", contFile}, 1, "-label N picks the label column")
	// a numeric header: 1,2,label is a header when every other row's label is a number
	numHeader := write("numhead.csv", []byte("1,2,label\n0.5,1,0\n1.5,2,1\n2.5,0,0\n3.5,1,1\n"))
	code, stdout, stderr := runArgs("-data", numHeader, "-steps", "1", "-test-size", "0.25")
	if code != 0 || !strings.Contains(stdout, "Classes: 0 = 0, 1 = 1\n") || !strings.Contains(stdout, "features: 1, 2") {
		t.Errorf("numeric header: exit %d, %q %q", code, stdout, stderr)
	}
	// wide data: the Data: and Classes: lines stay short
	var wide strings.Builder
	for j := 0; j < 30; j++ {
		fmt.Fprintf(&wide, "f%d,", j)
	}
	wide.WriteString("label\n")
	for i := 0; i < 48; i++ {
		for j := 0; j < 30; j++ {
			fmt.Fprintf(&wide, "%d,", (i*j)%7)
		}
		fmt.Fprintf(&wide, "c%d\n", i%12)
	}
	code, stdout, _ = runArgs("-data", write("wide.csv", []byte(wide.String())), "-steps", "1")
	if code != 0 || !strings.Contains(stdout, "f9 … and 20 more\n") || !strings.Contains(stdout, "… and 2 more\n") {
		t.Errorf("wide data lines:\n%s", stdout)
	}
}

// -load M -predict - reads the rows to predict from standard input, as -data - does for training: the
// flag's help says "(- for standard input)". iris.csv has a header and its label column, species, so the
// prediction CSV has a header line and one line per row, 1 + 150 = 151 lines, and the accuracy is said on
// stderr for the 150 rows. (Catches: "-" refused for -predict as for -save — the empty-or-dash rule of
// the file flags excusing only -data.)
func TestPredictFromStandardInput(t *testing.T) {
	model := filepath.Join(t.TempDir(), "m.json")
	if code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "1", "-save", model); code != 0 {
		t.Fatal(stderr)
	}
	iris, _ := os.ReadFile("testdata/iris.csv")
	var out, errb bytes.Buffer
	code := run([]string{"-load", model, "-predict", "-"}, bytes.NewReader(iris), &out, &errb)
	if lines := strings.Count(out.String(), "\n"); code != 0 || lines != 151 || !strings.Contains(errb.String(), "of 150)") {
		t.Errorf("-predict -: exit %d, %d lines; want exit 0 and 151 lines\n%s", code, lines, errb.String())
	}
}

// -data - reads the CSV from standard input: iris's 150 rows split 135 and 15. (Catches: "-" opened as a file
// named -, standard input read twice or not at all.)
func TestDataFromStandardInput(t *testing.T) {
	iris, _ := os.ReadFile("testdata/iris.csv")
	var out, errb bytes.Buffer
	code := run([]string{"-data", "-", "-steps", "1"}, bytes.NewReader(iris), &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "Data: -, 135 training and 15 test rows") {
		t.Errorf("-data -: exit %d\n%s%s", code, out.String(), errb.String())
	}
}

// A step that leaves a bias infinite, with every weight finite, is a divergence: the run stops with exit
// 1 and does not report an accuracy computed from it. The data make it so: every row's one feature is
// x = 1e-300 (90 rows of class a, 10 of b), -reg 0 and -lr 1.7e308. Every weight's gradient is multiplied
// by x or by a hidden value relu(x·W1) ≈ 1e-300, so no weight moves by more than about 1e8; the scores are
// ≈ 0, so p = (½, ½), and a hidden unit j that is on gets the bias gradient Σ δ·W2ᵀ = (½ − f_a)·(W2[j][0] −
// W2[j][1]), with f_a ≈ 0.9 the share of class a: a number of order 1, which times 1.7e308 leaves float64's
// range for the post's seed-12 weights. (Catches: the biases never checked for non-finite values, which lets
// -steps 1 end with "Test accuracy: 90%".)
func TestDivergenceInTheBiases(t *testing.T) {
	path := t.TempDir() + "/tiny.csv"
	os.WriteFile(path, []byte(strings.Repeat("1e-300,a\n", 90)+strings.Repeat("1e-300,b\n", 10)), 0o644)
	code, stdout, stderr := runArgs("-data", path, "-lr", "1.7e308", "-reg", "0", "-steps", "1", "-every", "1")
	if code != 1 || !strings.Contains(stderr, "the loss is no longer finite at step 1") || strings.Contains(stdout, "Test accuracy") {
		t.Errorf("a step that makes the biases infinite: exit %d\n%s%s; want exit 1, diverged at step 1, no accuracy", code, stdout, stderr)
	}
}

// The shortcut that spares the loss on steps that do not print it sees a loss that overflows although
// every score is finite. Three rows of scores (0.19·M, −0.19·M), M = MaxFloat64, each labelled with its
// low score: a row's term is log(1 + e^(−0.38·M)) − (−0.38·M − 0.19·M) = 0.38·M, and the sum of three,
// 1.14·M, overflows to +Inf before the mean is taken. The bound that is safe for N = 3 rows is
// M / (2·3 + 2) = 0.125·M, which 0.19·M exceeds, so the loss is computed and found infinite. One such
// row alone has the finite loss 0.38·M. (Catches: the bound's factor 2 left out, M / (N + 2) = 0.2·M,
// under which these scores pass unexamined and a diverged step trains on.)
func TestDataLossFiniteSeesAnOverflowingSum(t *testing.T) {
	z := 0.19 * math.MaxFloat64
	s := &Step{}
	s.OutputLayer = m(r(z, -z), r(z, -z), r(z, -z))
	s.Y = *m(r(0, 1), r(0, 1), r(0, 1))
	if s.dataLossFinite() {
		t.Errorf("dataLossFinite on scores (0.19·MaxFloat64, −0.19·MaxFloat64) labelled low, 3 rows: true; want false (the loss is 1.14·MaxFloat64 summed: +Inf)")
	}
	s.OutputLayer, s.Y = m(r(z, -z)), *m(r(0, 1)) // one row: 0.38·M, finite
	if !s.dataLossFinite() {
		t.Errorf("dataLossFinite on one such row: false; want true (its loss is 0.38·MaxFloat64)")
	}
}

// Divergence names its cause: a huge λ, or huge unscaled features, rather than always the learning rate;
// and a huge learning rate with the post's small λ is the learning rate's fault, though lr·λ = 1e198 is
// above 2 too. (Catches: every divergence blamed on -lr, a huge -lr blamed on -reg because lr·λ > 2.)
func TestDivergenceNamesTheCause(t *testing.T) {
	failsWith(t, []string{"-observations", "50", "-reg", "1e300", "-steps", "5"}, 1, "-reg 1e+300 is too large for -lr 0.01")
	failsWith(t, []string{"-observations", "100", "-lr", "1e200", "-steps", "5"}, 1, "training diverged; try a smaller -lr (now 1e+200)")
	big := t.TempDir() + "/big.csv"
	var b strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "%g,%g,%d\n", float64(i)*1e306, float64(40-i)*1e306, i%2)
	}
	os.WriteFile(big, []byte(b.String()), 0o644)
	failsWith(t, []string{"-data", big, "-steps", "20"}, 1, "scale them with -standardize")
}

// Flags that a mode ignores are named in one warning: -lr and -steps with -load -predict, -observations with
// -data, -features with -load -predict. (Catches: a flag dropped in silence, so that a user thinks -lr
// changed something; -features left out of the training flags.)
func TestIgnoredFlagsAreSaid(t *testing.T) {
	dir := t.TempDir()
	model := dir + "/m.json"
	if code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "1", "-save", model); code != 0 {
		t.Fatal(stderr)
	}
	_, _, stderr := runArgs("-load", model, "-predict", "testdata/iris.csv", "-lr", "0.5", "-steps", "3")
	if !strings.Contains(stderr, "nn: warning: ignoring -lr, -steps: -load -predict only predicts") {
		t.Errorf("stderr %q; want a warning naming -lr and -steps", stderr)
	}
	// -features shapes the inputs of a network to be trained; the model's own inputs are what -predict uses
	_, _, stderr = runArgs("-load", model, "-predict", "testdata/iris.csv", "-features", "x1,x2,x1^2")
	if !strings.Contains(stderr, "nn: warning: ignoring -features: -load -predict only predicts") {
		t.Errorf("stderr %q; want a warning naming -features", stderr)
	}
	_, _, stderr = runArgs("-data", "testdata/iris.csv", "-observations", "7", "-steps", "1")
	if !strings.Contains(stderr, "nn: warning: ignoring -observations") {
		t.Errorf("stderr %q; want a warning about -observations", stderr)
	}
}

// Every flag the program has, given with -load -predict, is used (-load, -predict, -label), said to be
// ignored in the warning, or refused (exit 2): none is dropped in silence. The flags are the flag set's own,
// so a flag added later with no value here fails the test until it is placed. (Catches: a flag left out of
// trainingFlags, -features among them, which -load -predict then ignores without a word.)
func TestEveryFlagWithLoadPredictIsSaid(t *testing.T) {
	dir := t.TempDir()
	model := dir + "/m.json"
	if code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "1", "-save", model); code != 0 {
		t.Fatal(stderr)
	}
	values := map[string]string{"activation": "tanh", "batch": "10", "check": dir + "/x.npz", "data": "testdata/iris.csv", "dataset": "moons",
		"every": "7", "explain": "true", "explain-rows": "3", "features": "x1,x2", "gradcheck": "true", "hidden": "4", "init": "he", "l1": "0.1",
		"label": "4", "load": model, "lr": "0.5", "noise": "10", "observations": "7", "plot": dir, "plot-features": "x1,x2", "predict": "testdata/iris.csv",
		"preset": "tensorflow", "reg": "0.5", "save": dir + "/s.json", "seed": "3", "serve": "127.0.0.1:0", "standardize": "true", "steps": "3",
		"test-size": "0.2", "votes": "W1[0][0]"}
	used := map[string]bool{"load": true, "predict": true, "label": true}
	var o options
	newFlagSet(&o).VisitAll(func(f *flag.Flag) {
		v, ok := values[f.Name]
		if !ok {
			t.Errorf("-%s: no value in this test; place it (used, ignored or refused with -load -predict)", f.Name)
			return
		}
		if used[f.Name] {
			return
		}
		args := []string{"-load", model, "-predict", "testdata/iris.csv", "-" + f.Name + "=" + v}
		code, _, stderr := runArgs(args...)
		said := regexp.MustCompile(`nn: warning: ignoring (-[a-z0-9-]+, )*-` + regexp.QuoteMeta(f.Name) + `[,:]`).MatchString(stderr)
		if code != 2 && !said {
			t.Errorf("%v: exit %d, stderr %q; want -%s named in an ignoring warning, or exit 2", args, code, stderr, f.Name)
		}
	})
}

// Each flag a mode does not use is named in its warning, one case per list entry that the test above does
// not reach: -noise with -data (it shapes made-up data, as -observations does; the data come from the file)
// and -every with -check (-check trains to the file's step and prints no losses, as with -steps). The runs
// are kept tiny: iris's 150 rows for one step, and -check on 10 rows per class. (Catches: -noise dropped
// from the -data list, -every dropped from the -check list.)
func TestEveryIgnoredFlagIsNamed(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-data", "testdata/iris.csv", "-noise", "5", "-steps", "1"}, "nn: warning: ignoring -noise: they shape made-up data"},
		{[]string{"-observations", "10", "-every", "7", "-check", "testdata/check/faithful-step1.npz"}, "nn: warning: ignoring -every: -check trains to the step your file was saved at"},
	} {
		if code, _, stderr := runArgs(c.args...); code != exitOK || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 0 and %q", c.args, code, stderr, c.want)
		}
	}
}

// -h names the program as it was run: "go run ." from go run's temporary folder and, from the second go
// run on, from Go's build cache — Go 1.26 runs the cached binary from a folder named by a 64-digit hash and
// "-d" (the first path below is what os.Args[0] was on the second `go run .` of a probe program; the second
// is the same under a GOCACHE whose path says nothing of go-build) — else the binary's name. (Catches: the
// build cache not recognised, so that -h says "Usage: nnfromscratch", a program a go run user does not have;
// any folder ending in "-d" taken for the cache.)
func TestProgramName(t *testing.T) {
	for path, want := range map[string]string{"/tmp/go-build3821/b001/exe/nnfromscratch": "go run .", "./nn": "nn", "/usr/local/bin/nn": "nn",
		"/root/.cache/go-build/73/73c1d8885e1df280208872541d2be54395514430d8380b0f36a48a046a0ea844-d/nnfromscratch": "go run .",
		"/home/ann/gocache/73/73c1d8885e1df280208872541d2be54395514430d8380b0f36a48a046a0ea844-d/nnfromscratch":     "go run .",
		"/home/ann/build-d/nn": "nn"} {
		if got := programName(path); got != want {
			t.Errorf("programName(%q) = %q; want %q", path, got, want)
		}
	}
}

// -h says how the program is run, what each exit status means, each flag's range, and examples. (Catches: a
// flag whose help does not state its range, the exit statuses missing, the usage line under a name the user did not
// type.)
func TestHelpSaysRangesExitStatusesAndExamples(t *testing.T) {
	_, stdout, _ := runArgs("-h")
	for _, want := range []string{"Usage: " + programName(os.Args[0]) + " [flags]", "Exit status: 0", "1 when something went wrong", "2 when the command line is wrong",
		"Examples:", "-preset tensorflow", "1 to 100000000", "0 to 4294967295", "0 to 1000000000", "each 1 to 100000"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("-h lacks %q", want)
		}
	}
}

// FuzzReadModel checks that the model reader never panics, and returns either an error or a model whose
// every array has the length its sizes say, so that Network and Predict cannot index out of range.
func FuzzReadModel(f *testing.F) {
	good := `{"format":"nnfromscratch model","version":2,"sizes":[2,3],"weights":[[1,2,3,4,5,6]],"biases":[[0,0,0]],"features":["a","b"],"classes":["x","y","z"],"label":{"column":3,"name":"kind"}}`
	for _, s := range []string{good, `{"format":"nnfromscratch model","version":1}`, `{"sizes":[2,-1]}`, `null`, `[]`,
		strings.Replace(good, `"sizes":[2,3]`, `"sizes":[2,9999999999]`, 1), strings.Replace(good, `[0,0,0]`, `[0,0]`, 1),
		strings.Replace(good, `"standardize"`, `"x"`, 1) + `{"standardize":{"mean":[1],"std":[0]}}`,
		// round three
		strings.Replace(good, "[1,2,3,4,5,6]", "[1,null,3,4,5,6]", 1), strings.Replace(good, `"label":{"column":3,"name":"kind"}`, `"label":null`, 1),
		good + "garbage", good + good, good + " \n",
		strings.Replace(good, `"x","y","z"`, `"x","y","x"`, 1), strings.Replace(good, `"name":"kind"`, `"name":"a"`, 1),
		strings.Replace(good, `}}`, `},"standardize":{"mean":[0,0],"std":[1,1e-320]}}`, 1),
		strings.Replace(good, `"features":["a","b"]`, `"features":["a\nb","a\nb"]`, 1),
		"\xff\xfe{\x00}\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		m, err := ReadModel(strings.NewReader(in), "fuzz.json")
		if err != nil {
			checkMessage(t, err)
			return
		}
		if i, j := firstRepeat(m.Features); i >= 0 {
			t.Fatalf("features %d and %d are both %q", i, j, m.Features[i])
		}
		if i, j := firstRepeat(m.Classes); i >= 0 {
			t.Fatalf("classes %d and %d are both %q", i, j, m.Classes[i])
		}
		net := m.Network()
		x := NewMatrix(2, m.Sizes[0])
		if m.Standardize != nil {
			x = m.Standardize.Apply(x)
		}
		if p := net.Predict(x); p.cols != len(m.Classes) {
			t.Fatalf("%d probabilities per row for %d classes", p.cols, len(m.Classes))
		}
	})
}

// ---------------------------------------------------------------------------------------------------
// The teaching data sets and the linear classifier.

// cs231n's spiral from our numpy-compatible stream against numpy's own run of cs231n's code
// (../shared/reference/spiral-numpy.txt: N = 100 per class, np.random.seed(0) and (12)). sin and cos may
// differ from numpy's in the last bit or two, so rows are compared within a few ulps. (Catches: the radius or
// the angle's noise drawn in another order, sin and cos swapped, classes' rows out of place.)
func TestSpiralMatchesNumpy(t *testing.T) {
	for _, tc := range []struct {
		seed uint32
		rows map[int][2]string
		sum  float64
	}{
		{0, map[int][2]string{1: {"0.0012135812756681984", "0.010027842517114817"}, 2: {"0.005516036992165376", "0.019434375630410557"},
			50: {"0.48671087245760825", "-0.1348648927012665"}, 99: {"-0.8068528567098164", "-0.5907524588346701"},
			101: {"-0.005944912246475027", "-0.008166298025569443"}, 199: {"0.9157907989398818", "-0.401655589500573"},
			299: {"-0.47270638487404987", "0.881219991658897"}}, -9.6158275489382},
		{12, map[int][2]string{1: {"-0.0009670130711815064", "0.01005461539696433"}, 2: {"0.0026047683089232927", "0.02003339218154682"},
			50: {"0.44421162918723195", "-0.240316543639"}, 99: {"-0.7820767954846447", "-0.62318206486104"},
			101: {"-0.006192481149792524", "-0.007980199387870732"}, 199: {"0.985065730702461", "0.17217870424540485"},
			299: {"-0.8854074649517194", "0.4648156849846716"}}, -11.919710579836348},
	} {
		ds := SpiralData(NewRandomState(tc.seed), 100, 0.2)
		for row, want := range tc.rows {
			w := parseFloats(t, want[0], want[1])
			got := ds.X.Row(row)
			if ulpsApart(got[0], w[0]) > 4 || ulpsApart(got[1], w[1]) > 4 {
				t.Errorf("seed %d, row %d = %v; want numpy's %v", tc.seed, row, got, w)
			}
		}
		// rows 0, 100, 200 have radius 0: (±0, ±0)
		for _, row := range []int{0, 100, 200} {
			if got := ds.X.Row(row); got[0] != 0 || got[1] != 0 {
				t.Errorf("seed %d, row %d = %v; want the centre", tc.seed, row, got)
			}
		}
		if got := ds.X.Sum(); math.Abs(got-tc.sum) > 1e-12 {
			t.Errorf("seed %d: sum of all 600 values %v; want numpy's %v", tc.seed, got, tc.sum)
		}
		if got := fmt.Sprint(ds.Labels()[99], ds.Labels()[100], ds.Labels()[299]); got != "0 1 2" {
			t.Errorf("seed %d: labels of rows 99, 100, 299 = %s; want 0 1 2", tc.seed, got)
		}
	}
}

// make_circles and make_moons against scikit-learn's own (1.2.1 on numpy 1.24.2, Debian's packages):
// make_circles(10, noise=0.1, factor=0.5, random_state=3) and make_moons(10, noise=0.1, random_state=4),
// printed with numpy's repr, as ../shared/reference/sklearn-datasets.txt holds them; within a few ulps for
// sin and cos. (Catches: noise drawn before the shuffle or
// not at all, the inner circle's factor applied to the outer one, a moon shifted the wrong way, labels not
// shuffled with their rows.)
func TestCirclesAndMoonsMatchScikitLearn(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ds     *Dataset
		x      []string
		labels string
	}{
		{"circles", CirclesData(NewRandomState(3), 5, 0.1), []string{"0.45399578793373163", "-0.005792084059435568",
			"0.5167744080862302", "-1.0111877639140667", "0.40294063330737856", "0.8330156547373937", "-0.8437500119340688", "0.5944151256438356",
			"-0.00825003073321462", "-0.43573967213512094", "-0.008407245670887936", "0.41163470562857807", "-0.4605894841544962", "0.4757908850477256",
			"1.0156572571298734", "-0.12032761939849856", "-0.8794229348682269", "-0.48586320800112637", "-0.4579715132989247", "-0.42658152193009885"},
			"[1 0 0 0 1 1 1 0 0 1]"},
		{"moons", MoonsData(NewRandomState(4), 5, 0.1), []string{"-0.7489369331892385", "0.5486490576753352",
			"1.6423361044743625", "-0.14724926378980996", "-0.9667749967390036", "-0.11474766329454786", "2.061866968902688", "0.4912013071659723",
			"0.04250723964870221", "1.0332253145372334", "0.17721159272153802", "-0.1720070658782944", "0.9393112716902599", "0.15469793290157274",
			"0.7794409420613335", "0.711720337909564", "-0.09829916534185323", "0.5054432738865158", "1.0159892935072627", "-0.6208948159128921"},
			"[0 1 0 1 0 1 0 0 1 1]"},
	} {
		want := parseFloats(t, tc.x...)
		for i, w := range want {
			// the noise is added to a point on the curve; compare to a few ulps of the larger of the two
			if math.Abs(tc.ds.X.data[i]-w) > 4*math.Ldexp(1, -52) { // 4 ulps of a number near 2
				t.Errorf("%s: element %d = %v; want scikit-learn's %v", tc.name, i, tc.ds.X.data[i], w)
			}
		}
		if got := fmt.Sprint(tc.ds.Labels()); got != tc.labels {
			t.Errorf("%s labels %s; want scikit-learn's %s", tc.name, got, tc.labels)
		}
	}
}

// The generators from their definitions, without noise: moons and circles on their curves, the xor
// blobs at their corners; every class with n points; the same seed giving the same points. (Catches: an
// endpoint included where scikit-learn's linspace leaves it out, a moon's offset of −0.5 left out, an xor
// corner with the wrong label, classes of unequal size, a generator that reads the clock.)
func TestGeneratorsByDefinition(t *testing.T) {
	// circles, n = 4, no noise: angles 0, π/2, π, 3π/2 (endpoint=False), class 0 on radius 1 and class 1
	// on 0.5: (±r, 0) and (0, ±r)
	on := func(ds *Dataset, i int, want map[int][][2]float64) bool {
		for _, p := range want[ds.Labels()[i]] {
			if math.Abs(ds.X.At(i, 0)-p[0]) < 1e-15 && math.Abs(ds.X.At(i, 1)-p[1]) < 1e-15 {
				return true
			}
		}
		return false
	}
	c := CirclesData(NewRandomState(1), 4, 0)
	wantC := map[int][][2]float64{0: {{1, 0}, {0, 1}, {-1, 0}, {0, -1}}, 1: {{0.5, 0}, {0, 0.5}, {-0.5, 0}, {0, -0.5}}}
	for i := 0; i < 8; i++ {
		if !on(c, i, wantC) {
			t.Errorf("circles point %v of class %d is not one of %v", c.X.Row(i), c.Labels()[i], wantC[c.Labels()[i]])
		}
	}
	// moons, n = 3, no noise: class 0 at angles 0, π/2, π: (1, 0), (0, 1), (−1, 0); class 1 is
	// (1 − cos, 1 − sin − 0.5): (0, 0.5), (1, −0.5), (2, 0.5)
	m := MoonsData(NewRandomState(1), 3, 0)
	wantM := map[int][][2]float64{0: {{1, 0}, {0, 1}, {-1, 0}}, 1: {{0, 0.5}, {1, -0.5}, {2, 0.5}}}
	for i := 0; i < 6; i++ {
		if !on(m, i, wantM) {
			t.Errorf("moons point %v of class %d is not one of %v", m.X.Row(i), m.Labels()[i], wantM[m.Labels()[i]])
		}
	}
	// spiral, n = 5, no noise: class 0 has radii 0, 0.25, 0.5, 0.75, 1 at angles 0, 1, 2, 3, 4 (linspace 0…4);
	// row 1 is (0.25·sin 1, 0.25·cos 1); class 1 starts at angle 4, its row 2 (row 7) at radius 0.5, angle 6
	sp := SpiralData(NewRandomState(1), 5, 0)
	if x, y := sp.X.At(1, 0), sp.X.At(1, 1); x != 0.25*math.Sin(1) || y != 0.25*math.Cos(1) {
		t.Errorf("spiral without noise, row 1 = (%v, %v); want (0.25·sin 1, 0.25·cos 1)", x, y)
	}
	if x, y := sp.X.At(7, 0), sp.X.At(7, 1); x != 0.5*math.Sin(6) || y != 0.5*math.Cos(6) {
		t.Errorf("spiral without noise, row 7 = (%v, %v); want (0.5·sin 6, 0.5·cos 6)", x, y)
	}
	// xor, n = 3 per class, no noise: class 0 at (1, 1), (1, 1), (−1, −1); class 1 at (1, −1), (1, −1), (−1, 1)
	x := XORData(NewRandomState(1), 3, 0)
	if got := fmt.Sprint(x.X); got != "[[1 1] [1 1] [-1 -1] [1 -1] [1 -1] [-1 1]]" {
		t.Errorf("xor without noise = %s", got)
	}
	// with noise: each point is its corner plus noise times the stream's next two normal draws
	noisy, r := XORData(NewRandomState(5), 3, 0.5), NewRandomState(5)
	for i, corner := range [][2]float64{{1, 1}, {1, 1}, {-1, -1}, {1, -1}, {1, -1}, {-1, 1}} {
		if gx, gy := noisy.X.At(i, 0), noisy.X.At(i, 1); gx != corner[0]+0.5*r.NormFloat64() || gy != corner[1]+0.5*r.NormFloat64() {
			t.Errorf("xor point %d = (%v, %v); want its corner %v plus 0.5 times the stream's draws", i, gx, gy, corner)
		}
	}
	for name, g := range Generators {
		ds := g.Make(NewRandomState(7), 11, g.Noise)
		counts := SumRows(ds.Y)
		for k := 0; k < g.Classes; k++ {
			if counts.data[k] != 11 {
				t.Errorf("%s: class %d has %v points; want 11", name, k, counts.data[k])
			}
		}
		if again := g.Make(NewRandomState(7), 11, g.Noise); !sameMatrix(again.X, ds.X, 0) || !sameMatrix(again.Y, ds.Y, 0) {
			t.Errorf("%s: the same seed gave other points", name)
		}
	}
}

// linspace as numpy's np.linspace: start + i·(stop − start)/(num − 1), the last exactly stop; without
// the endpoint, steps of (stop − start)/num. (Catches: the endpoint computed as start + (num − 1)·step, which
// rounds off 0.9, or the step (stop − start)/(num − 1) without the endpoint.)
func TestLinspace(t *testing.T) {
	if got := fmt.Sprint(linspace(0, 1, 5, true)); got != "[0 0.25 0.5 0.75 1]" {
		t.Errorf("linspace(0, 1, 5) = %s", got)
	}
	if got := fmt.Sprint(linspace(0, 2, 4, false)); got != "[0 0.5 1 1.5]" {
		t.Errorf("linspace(0, 2, 4, endpoint=False) = %s", got)
	}
	if got := fmt.Sprint(linspace(3, 7, 1, true)); got != "[3]" {
		t.Errorf("linspace(3, 7, 1) = %s; want [3], as numpy's", got)
	}
	// the endpoint is stop exactly, as numpy sets it, where start + (num − 1)·step rounds elsewhere:
	// 0.2 + 1·(0.9 − 0.2) = 0.8999999999999999, and numpy's np.linspace(0.2, 0.9, 2) is [0.2, 0.9]
	if got := linspace(0.2, 0.9, 2, true); got[1] != 0.9 {
		t.Errorf("linspace(0.2, 0.9, 2) = %v; want numpy's [0.2 0.9]", got)
	}
}

// -hidden none is the softmax linear classifier: one weight matrix, through the same step and the same
// gradient check; -hidden 0 stays an error. (Catches: -hidden none building a hidden layer of size 0, or a
// step whose loops over hidden layers run once with none.)
func TestLinearClassifier(t *testing.T) {
	code, stdout, stderr := runArgs("-dataset", "moons", "-observations", "40", "-hidden", "none", "-gradcheck")
	if code != 0 || !strings.Contains(stdout, "network 2 → 2") || strings.Count(stdout, "largest relative error") != 2 {
		t.Errorf("-hidden none -gradcheck: exit %d\n%s%s", code, stdout, stderr)
	}
	g := lcg(3)
	net := NewNetwork([]int{3, 4}, g.matrix)
	x, y := testData(&g, 9, 3, 4)
	for _, res := range GradientCheck(net, x, y, 0.2, 0) {
		if res.Checked == 0 || !(res.MaxRelErr > 0 && res.MaxRelErr <= 1e-6) {
			t.Errorf("linear %s: error %.2g over %d entries", res.Name, res.MaxRelErr, res.Checked)
		}
	}
}

// Bad -dataset, -noise and -hidden values, and -data with -dataset, are usage errors saying what is accepted.
// (Catches: an unknown data set falling back to the post's, a NaN noise accepted, -hidden none,5 read as one
// layer.)
func TestDatasetFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-dataset", "swiss-roll"}, `invalid value "swiss-roll" for flag -dataset: want one of: post, circles, moons, spiral, xor`},
		{[]string{"-dataset", "spiral", "-noise", "-1"}, `invalid value "-1" for flag -noise: want a number from 0 to 100`},
		{[]string{"-dataset", "spiral", "-noise", "lots"}, `invalid value "lots" for flag -noise: want a number from 0 to 100`},
		{[]string{"-dataset", "spiral", "-noise", "NaN"}, `for flag -noise: want a number from 0 to 100`},
		{[]string{"-hidden", "0"}, "for flag -hidden: want hidden layer sizes"},
		{[]string{"-hidden", "none,5"}, "for flag -hidden: want hidden layer sizes"},
		{[]string{"-dataset", "moons", "-data", "testdata/iris.csv"}, "-data and -dataset both choose the data"},
	} {
		oneLine(t, tc.args, 2, tc.want)
	}
}

// cs231n's case study, as the README shows it: on the spiral, the softmax linear classifier stays near
// 50% (cs231n: 49% on its training data) and 100 hidden ReLUs reach at least 93% on held-out points
// (cs231n: 98% on its training data; numpy running our algorithm: 95–98% over seeds 0–4). (Catches: a hidden
// layer that does not learn — its ReLU mask or its gradient broken in a way the small cases miss —, or a
// linear classifier that somehow gets a hidden layer.)
func TestSpiralNeedsTheHiddenLayer(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 steps for each of five seeds")
	}
	accuracy := func(args ...string) float64 {
		code, stdout, stderr := runArgs(append([]string{"-dataset", "spiral", "-observations", "100", "-lr", "1", "-reg", "0.001", "-test-size", "0.2", "-every", "100000"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
		line := stdout[strings.LastIndex(stdout, "Test accuracy: "):]
		return parseFloats(t, strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "Test accuracy: ")), "%"))[0]
	}
	for seed := 0; seed < 5; seed++ {
		s := strconv.Itoa(seed)
		if acc := accuracy("-seed", s, "-hidden", "none", "-steps", "200"); acc > 60 {
			t.Errorf("seed %d: the linear classifier reached %v%%; a straight line per class should stay near 50%%", seed, acc)
		}
		if acc := accuracy("-seed", s, "-hidden", "100", "-steps", "10000"); acc < 93 {
			t.Errorf("seed %d: 100 hidden units reached only %v%%; want at least 93%%", seed, acc)
		}
	}
}

// ---------------------------------------------------------------------------------------------------
// The live view.

// startLive serves the live view of the run these flags describe, on a test server, and returns it with
// its base URL.
func startLive(t *testing.T, args ...string) (*live, string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	l := &live{addr: srv.Listener.Addr().String(), base: args}
	if err := l.reset(nil); err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = l.handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return l, srv.URL
}

// call makes a request and decodes its JSON answer into out (may be nil); it returns the status.
func call(t *testing.T, method, url, body string, out any, header ...string) int {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %q", method, url, err, b)
		}
	}
	return resp.StatusCode
}

// commandArgs splits the page's command line, as a POSIX shell would (sh itself does it here), into the
// arguments after "go run .".
func commandArgs(t *testing.T, command string) []string {
	t.Helper()
	out, err := exec.Command("sh", "-c", "set -- "+strings.TrimPrefix(command, "go run .")+`; for a in "$@"; do printf '%s\n' "$a"; done`).Output()
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, a := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if a != "" {
			args = append(args, a)
		}
	}
	return args
}

// After POST /api/step {"steps": 500} the page stands where the command line it shows stands: its loss is,
// to the last digit, "Loss at step 500" of -steps 501 with the same flags, and its terminal holds exactly
// what that command line, `… -steps 500`, prints — for the post's run, the TensorFlow recipe and a CSV
// file. (Catches: the page's step one off from its command, or the command's flags not the run's.)
func TestLiveIsTheCommandLine(t *testing.T) {
	runs := [][]string{{}, {"-preset", "tensorflow"}, {"-data", "testdata/iris.csv", "-standardize", "-hidden", "8"}}
	if testing.Short() { // the post's run and its TensorFlow recipe on a tenth of the points
		runs[0], runs[1] = []string{"-observations", "500"}, []string{"-preset", "tensorflow", "-observations", "500"}
	}
	for _, flags := range runs {
		_, url := startLive(t, flags...)
		var s state
		if code := call(t, "POST", url+"/api/step", `{"steps": 500}`, &s); code != 200 || s.Step != 500 {
			t.Fatalf("%v: POST /api/step: %d, step %d", flags, code, s.Step)
		}
		_, stdout, _ := runArgs(append(append([]string{}, flags...), "-steps", "501", "-every", "500")...)
		if line := regexp.MustCompile(`(?m)at step 500: (.*)$`).FindStringSubmatch(stdout); line == nil || s.Loss != line[1] {
			t.Errorf("%v: the page's loss after 500 steps %s; -steps 501 printed %q", flags, s.Loss, line)
		}
		if want := strings.Join(append(append([]string{"go run ."}, flags...), "-steps", "500"), " "); s.Command != want {
			t.Errorf("%v: command %q; want %q", flags, s.Command, want)
		}
		var f frameJSON
		call(t, "GET", url+"/api/frame?run=1", "", &f)
		code, stdout, stderr := runArgs(commandArgs(t, f.Command)...)
		if want := strings.TrimSuffix(stderr+stdout, "\n"); code != 0 || strings.Join(f.Terminal, "\n") != want {
			t.Errorf("%v: the page's terminal:\n%s\nthe command line %s printed:\n%s", flags, strings.Join(f.Terminal, "\n"), f.Command, want)
		}
		if !strings.Contains(stdout, "Test accuracy: "+f.TestAccuracy+"%") {
			t.Errorf("%v: the page's test accuracy %s is not the command line's: %s", flags, f.TestAccuracy, stdout)
		}
	}
}

// After a divergence the page, the command it shows and the command line agree on the step: the command
// line's own message is the page's, and -every 1, which computes every step's loss, puts its last finite
// loss at the step before. (Catches: a diverging run's step off by one or two, the weights' check
// reporting the loss's step, biases never checked.)
func TestLiveDivergenceIsTheCommandLines(t *testing.T) {
	// -lr 500 and 1e200 diverge in the weights (the update overflows), -lr 3000 in the loss (the scores
	// overflow first), so both of Trainer.Next's checks are held in -short
	runs := [][]string{{"-lr", "50"}, {"-observations", "100", "-lr", "500"}, {"-observations", "100", "-lr", "1e200", "-hidden", "none"},
		{"-observations", "100", "-lr", "3000"}}
	if testing.Short() {
		runs = runs[1:] // the post's -lr 50 diverges at step 92 of 13500 rows: the long tests'
	}
	for _, flags := range runs {
		_, url := startLive(t, flags...)
		var s state
		call(t, "POST", url+"/api/step", `{"steps": 3000}`, &s)
		if s.Failure == "" || s.Stopped == "" {
			t.Fatalf("%v: no divergence in 3000 steps: %+v", flags, s)
		}
		code, _, stderr := runArgs(commandArgs(t, s.Command)...)
		if code != 1 || strings.TrimSpace(stderr[strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1:]) != s.Failure {
			t.Errorf("%v: the page says %q; its command %s ends with %q (exit %d)", flags, s.Failure, s.Command, stderr, code)
		}
		step := regexp.MustCompile(`at step (\d+)`).FindStringSubmatch(s.Failure)
		_, everyStep, _ := runArgs(append(append([]string{}, flags...), "-every", "1", "-steps", "3000")...)
		lines := strings.Split(strings.TrimSpace(everyStep), "\n")
		last := regexp.MustCompile(`at step (\d+):`).FindStringSubmatch(lines[len(lines)-1])
		if n, _ := strconv.Atoi(step[1]); last == nil || strconv.Itoa(n-1) != last[1] {
			t.Errorf("%v: diverged at step %s, but -every 1's last loss line is %q", flags, step[1], lines[len(lines)-1])
		}
		var f frameJSON
		call(t, "GET", url+"/api/frame?run=1", "", &f)
		if !strings.Contains(f.LossSVG, "diverged at step "+step[1]) || strings.Contains(f.LossSVG, "NaN") || strings.Contains(f.LossSVG, "Inf") {
			t.Errorf("%v: the loss chart does not mark the divergence at step %s, or draws a number that is not finite", flags, step[1])
		}
	}
}

// Every endpoint of the live view answers as documented: the page's three files, the state, the step and
// reset; every wrong request — a bad body, a setting that cannot change, a run too large, a row one past the
// end, an unknown path or method — gets its status and one sentence of JSON, and takes nothing. (Catches: a
// bad request that runs steps anyway, a Go error text or type name in a message, the row bound off by one, a
// thousands separator misplaced in a message — ",200,000".)
func TestLiveEndpoints(t *testing.T) {
	_, url := startLive(t, "-observations", "300")
	for path, want := range map[string]string{"/": `id="regions"`, "/app.js": "api/frame", "/style.css": "grid-template-columns"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Contains(b, []byte(want)) {
			t.Errorf("GET %s: %d, lacks %q", path, resp.StatusCode, want)
		}
	}
	var s state
	if code := call(t, "GET", url+"/api/state", "", &s); code != 200 || s.Step != 0 || s.Config["lr"] != "0.01" || s.Command != "go run . -observations 300 -steps 0" {
		t.Errorf("GET /api/state: %d %+v", code, s)
	}
	first := s.Loss
	// every wrong request: JSON with one sentence, no Go type name, nothing taken
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"POST", "/api/step", `{"steps": 0}`, 400, "steps 0: want a whole number from 1 to 100000"},
		{"POST", "/api/step", `{"steps": 100001}`, 400, "want a whole number from 1 to 100000"},
		{"POST", "/api/step", `{"steps": "many"}`, 400, `"steps" holds a string, which it does not take; want {"steps": 10}`},
		{"POST", "/api/step", `{"stepz": 3}`, 400, `unknown field "stepz"`},
		{"POST", "/api/step", `[1, 2`, 400, "it is not one JSON object"},
		{"POST", "/api/step", `{"steps": 2} {"steps": 3}`, 400, "there is more after the JSON object"},
		{"POST", "/api/step", `{"steps": 2}x`, 400, "there is more after the JSON object"},
		{"POST", "/api/reset", `{"config": {"lr": "0"}}`, 400, `invalid value "0" for flag -lr: want a finite number > 0`},
		{"POST", "/api/reset", `{"config": {"hidden": "16,x"}}`, 400, "for flag -hidden"},
		{"POST", "/api/reset", `{"config": {"data": "/etc/passwd"}}`, 400, `the setting "data" cannot be changed here`},
		{"POST", "/api/reset", `{"config": {"observations": "500000"}}`, 400, "the live view takes at most 200,000 examples, and this run has 1,500,000"},
		{"POST", "/api/reset", `{"config": {"hidden": "20000"}}`, 400, "the live view takes steps of at most 50,000,000 multiply-adds, and this run's are 81,000,000 (810 rows × 100000 weights)"},
		{"GET", "/api/frame?run=1&open=row&row=810", ``, 200, ""}, // a row one past the end: dropped, not audited
		{"GET", "/api/frame?run=1&open=weight:9,0,0", ``, 400, `"weight:9,0,0": want row, weight:l,i,j`},
		{"GET", "/api/frame?run=1&features=1,1", ``, 400, "the same feature twice"},
		{"GET", "/api/step", ``, 405, "/api/step takes POST requests, not \"GET\""},
		{"POST", "/api/state", ``, 405, "/api/state takes GET requests"},
		{"GET", "/api/nothing", ``, 404, `there is nothing at "/api/nothing"`},
		{"GET", "/favicon.ico", ``, 404, "there is nothing at"},
	} {
		var e map[string]any
		code := call(t, tc.method, url+tc.path, tc.body, &e)
		msg, _ := e["error"].(string)
		if code != tc.status || !strings.Contains(msg, tc.want) || strings.Contains(msg, "Go ") || strings.Contains(msg, "main.") || strings.Contains(msg, "json:") {
			t.Errorf("%s %s %s: %d %q; want %d and %q", tc.method, tc.path, tc.body, code, msg, tc.status, tc.want)
		}
		if tc.status == 200 && e["audit"] != nil {
			t.Errorf("row 810 of 810 training rows was audited: %v", e["audit"])
		}
	}
	if availableMemory() == 0 {
		t.Log("(this system does not say how much memory is available: the memory case proves nothing here)")
	}
	var e map[string]string
	if code := call(t, "POST", url+"/api/step", `{"steps": 1, "x": "`+strings.Repeat("a", 70000)+`"}`, &e); code != 413 {
		t.Errorf("a 70 kB body: %d %v; want 413", code, e)
	}
	// steps, then play: a frame takes up to speed steps; steps while playing are refused; pause; reset
	call(t, "GET", url+"/api/state", ``, &s)
	call(t, "POST", url+"/api/step", `{"steps": 7}`, &s)
	if s.Step != 7 || s.Loss == first || s.Command != "go run . -observations 300 -steps 7" {
		t.Errorf("after 7 steps: %+v", s)
	}
	call(t, "POST", url+"/api/play", ``, &s)
	var f frameJSON
	call(t, "GET", url+"/api/frame?speed=20", ``, &f)
	if f.Step <= 7 || f.Step > 27 || !f.Running { // up to 20 steps, as many as fit in one slice of time
		t.Errorf("a frame while playing at speed 20 stands at step %d (running %v); want 8 to 27", f.Step, f.Running)
	}
	if code := call(t, "POST", url+"/api/step", `{}`, &e); code != 409 || !strings.Contains(e["error"], "pause it") {
		t.Errorf("a step while playing: %d %v; want 409", code, e)
	}
	call(t, "POST", url+"/api/pause", ``, &s)
	paused := s.Step
	call(t, "GET", url+"/api/frame?speed=20", ``, &f)
	if s.Running || f.Step != paused {
		t.Errorf("after pause: running %v, a frame at step %d; want paused at %d", s.Running, f.Step, paused)
	}
	call(t, "POST", url+"/api/reset", ``, &s)
	if s.Step != 0 || s.Loss != first || s.Run != 2 {
		t.Errorf("after reset: run %d, step %d, loss %s; want run 2 at step 0 and the first loss %s", s.Run, s.Step, s.Loss, first)
	}
	if code := call(t, "POST", url+"/api/reset", `{"config": {"hidden": "16,8", "lr": "0.05"}}`, &s); code != 200 || s.Config["hidden"] != "16,8" ||
		s.Command != "go run . -observations 300 -hidden 16,8 -lr 0.05 -steps 0" {
		t.Errorf("reset with settings: %d %+v", code, s)
	}
	call(t, "GET", url+"/api/frame", ``, &f)
	if f.Setup == nil {
		t.Fatal("no setup in the frame after a reset")
	}
	choices := map[string]string{} // each setting's choices, by name
	for _, st := range f.Setup.Settings {
		choices[st.Name] = strings.Join(st.Choices, ",")
	}
	if fmt.Sprint(f.Setup.Sizes) != "[2 16 8 3]" || len(f.Setup.Settings) != len(pageSettings) ||
		choices["init"] != strings.Join(keys(Initializers), ",") || strings.Count(choices["dataset"], ",") != len(Generators) ||
		choices["activation"] != strings.Join(Activations, ",") {
		t.Errorf("the setup after a reset: %+v; want the new sizes and the settings with Go's own choices", f.Setup)
	}
}

// A frame answers the units asked for, even when nothing else changed since the last frame: the same three
// requests — no units (all 5 of the first layer's ReLU lines, as at most 8 are drawn), units=1:0, units=1:1 —
// asked one after another of one server must each get the overlay that a fresh server answers to it first.
// (Catches: the frame cache keyed without the units, which answers the previous selection's frame.)
func TestLiveFrameFollowsTheUnits(t *testing.T) {
	queries := []string{"", "&units=1:0", "&units=1:1"}
	type frame struct {
		Overlay string `json:"overlay"`
	}
	fresh := make([]frame, len(queries))
	for k, q := range queries {
		_, url := startLive(t, "-observations", "50")
		call(t, "GET", url+"/api/frame?run=1"+q, "", &fresh[k])
	}
	if fresh[0].Overlay == fresh[1].Overlay || fresh[1].Overlay == fresh[2].Overlay {
		t.Fatal("the selections draw the same overlay; the test needs them different")
	}
	_, url := startLive(t, "-observations", "50")
	for k, q := range queries {
		var f frame
		if call(t, "GET", url+"/api/frame?run=1"+q, "", &f); f.Overlay != fresh[k].Overlay {
			t.Errorf("frame%s after the others: overlay %.80q…; want the fresh server's %.80q…", q, f.Overlay, fresh[k].Overlay)
		}
	}
}

// A playing frame takes up to speed steps, up to 1000 (the page's fastest setting), within its 50 ms slice:
// on 15 rows (-observations 5) 101 steps take well under that, so a frame asked for speed=1000 takes more
// than 100. Ten tries, each after the 30 ms frame period, allow for a loaded machine: a frame that is
// cut by its slice is not a failure unless every one is. (Catches: the steps per frame capped at 100.)
func TestLiveFrameTakesUpToAThousandSteps(t *testing.T) {
	_, url := startLive(t, "-observations", "5")
	call(t, "POST", url+"/api/play", "", nil)
	var f struct {
		Step int `json:"step"`
	}
	most := 0
	for try := 0; try < 10 && most <= 100; try++ {
		before := f.Step
		time.Sleep(35 * time.Millisecond)
		call(t, "GET", url+"/api/frame?run=1&speed=1000", "", &f)
		most = max(most, f.Step-before)
	}
	if most <= 100 || most > 1000 {
		t.Errorf("a frame at speed=1000 took at most %d steps; want more than 100, at most 1000", most)
	}
}

// A page elsewhere cannot drive the server through the user's browser: a Host that is not the server's
// (DNS rebinding) and a POST from another site's page get 403 — another host at the same port too. On
// port 80 a browser leaves the port out of Host, and that is accepted; the page's own Origin is accepted by
// http and by https. (Catches: the Origin checked by its port only; every request refused on port 80; an
// https:// Origin not stripped of its scheme.)
func TestLiveHostAndOrigin(t *testing.T) {
	l, url := startLive(t, "-observations", "50")
	_, port, _ := net.SplitHostPort(l.addr)
	var e map[string]string
	for _, host := range []string{"evil.example:" + port, "localhost.evil.example:" + port, "127.0.0.1:1", "localhost"} {
		if code := call(t, "GET", url+"/api/state", "", &e, "Host", host); code != 403 {
			t.Errorf("Host %s: %d; want 403", host, code)
		}
	}
	for _, host := range []string{"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port} {
		if code := call(t, "GET", url+"/api/state", "", nil, "Host", host); code != 200 {
			t.Errorf("Host %s: %d; want 200", host, code)
		}
	}
	for _, origin := range []string{"http://evil.example", "http://evil.example:" + port, "http://localhost:1"} {
		if code := call(t, "POST", url+"/api/play", "", &e, "Origin", origin); code != 403 {
			t.Errorf("POST from %s: %d; want 403", origin, code)
		}
	}
	if code := call(t, "POST", url+"/api/pause", "", nil, "Origin", "http://localhost:"+port); code != 200 {
		t.Errorf("POST from the page itself: %d; want 200", code)
	}
	// the page itself reached by https (a TLS proxy in front of the server): the same host and port, so
	// accepted. (Catches: only an http:// Origin's scheme stripped, which refuses it as another page.)
	if code := call(t, "POST", url+"/api/pause", "", nil, "Origin", "https://localhost:"+port); code != 200 {
		t.Errorf("POST from the page itself by https: %d; want 200", code)
	}
	l80 := &live{addr: "localhost:80", r: l.r}
	for host, want := range map[string]int{"localhost": 200, "localhost:80": 200, "127.0.0.1": 200, "evil.example": 403} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/state", nil)
		req.Host = host
		l80.handler().ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("port 80, Host %s: %d; want %d", host, rec.Code, want)
		}
	}
}

// The row audit is the training step's own row: every tall value of the step's table at the row, equal to
// the row of a step run independently on the same batch; and with minibatches a row outside the next
// batch is audited in a batch of its own, and the audit says so. (Catches: the audit of another row, a
// block of another buffer, N not the batch's.)
func TestLiveAuditIsTheStepsRow(t *testing.T) {
	l, url := startLive(t, "-observations", "400", "-hidden", "6,4")
	call(t, "POST", url+"/api/step", `{"steps": 30}`, nil)
	var f frameJSON
	if code := call(t, "GET", url+"/api/frame?run=1&open=row&row=17", "", &f); code != 200 || f.Audit == nil {
		t.Fatal(code)
	}
	l.mu.Lock()
	step := NewStep(l.r.tr.Net.Sizes(), l.r.tr.X.rows)
	step.X, step.Y = *l.r.tr.X, *l.r.tr.Y
	step.Run(l.r.tr.Net.Clone(), l.r.tr.Cfg, true)
	l.mu.Unlock()
	want := map[string]*Matrix{"input_layer1": step.InputLayer[0], "hidden_layer2": step.Hidden[1], "output_layer": step.OutputLayer,
		"output_probs": step.OutputProbs, "output_error_signal": step.OutputErrorSignal, "error_signal_hidden1": step.ErrorSignalHidden[0], "training_data": &step.X}
	found := 0
	for _, line := range f.Audit.Lines {
		if m, ok := want[line.Name]; ok && strings.HasPrefix(line.Shape, "row ") {
			found++
			if got, w := strings.Join(line.Rows[0], " "), strings.Join(formatAll(m.Row(17)), " "); got != w {
				t.Errorf("%s of row 17: %s; the step computed %s", line.Name, got, w)
			}
		}
	}
	if found != len(want) || !strings.Contains(strings.Join(f.Audit.Notes, " "), "all 1080 training rows: N = 1080") {
		t.Errorf("found %d of the %d values; notes %q", found, len(want), f.Audit.Notes)
	}
	// With minibatches of 50, step 30's batch starts at row (30·50) mod (1080 − 50) = 470: row 17 is
	// audited in the batch of the 50 rows from 17 on, where it is row 0, its error signal divided by 50.
	l, url = startLive(t, "-observations", "400", "-hidden", "6,4", "-batch", "50")
	call(t, "POST", url+"/api/step", `{"steps": 30}`, nil)
	f = frameJSON{}
	call(t, "GET", url+"/api/frame?run=1&open=row&row=17", "", &f)
	l.mu.Lock()
	pass := NewPass(l.r.tr.Net.Sizes(), l.r.tr.X.rows)
	pass.X = *l.r.tr.X
	l.r.tr.Net.Forward(pass)
	l.mu.Unlock()
	delta := make([]float64, pass.OutputProbs.cols) // (output_probs − training_labels) / 50, row 17
	for j := range delta {
		delta[j] = (pass.OutputProbs.At(17, j) - l.r.tr.Y.At(17, j)) / 50
	}
	want = map[string]*Matrix{"hidden_layer2": pass.Hidden[1].RowsView(17, 18), "output_probs": pass.OutputProbs.RowsView(17, 18), "output_error_signal": NewMatrixFrom(1, 3, delta)}
	found = 0
	for _, line := range f.Audit.Lines {
		if m, ok := want[line.Name]; ok && strings.HasPrefix(line.Shape, "row ") {
			found++
			if got, w := strings.Join(line.Rows[0], " "), strings.Join(formatAll(m.Row(0)), " "); got != w || line.Shape != "row 0 of [50 x "+strconv.Itoa(m.cols)+"]" {
				t.Errorf("-batch 50: %s of row 17 (%s): %s; want %s", line.Name, line.Shape, got, w)
			}
		}
	}
	if notes := strings.Join(f.Audit.Notes, " "); found != len(want) || !strings.Contains(notes, "Row 17 is not in step 30's batch (rows 470 to 519)") {
		t.Errorf("-batch 50: found %d of %d values; notes %q", found, len(want), notes)
	}
}

// At step 0 the audit of a row shows -explain's numbers for that row, and the audit of a weight shows
// its value, the two parts of its gradient and the update -explain prints. (Catches: the audit's table not
// the CLI's; the L2 pull with the wrong factor.)
func TestLiveAuditIsExplains(t *testing.T) {
	_, url := startLive(t)
	var f frameJSON
	call(t, "GET", url+"/api/frame?run=1&open=row&row=3", "", &f)
	_, explained, _ := runArgs("-explain", "-explain-rows", "4")
	checked := 0
	for _, line := range f.Audit.Lines {
		if !strings.HasPrefix(line.Shape, "row 3 of") {
			continue
		}
		block := explainBlock(t, explained, line.Post)
		if got, want := strings.Join(line.Rows[0], " "), strings.Trim(fmt.Sprint(block[3*len(line.Rows[0]):4*len(line.Rows[0])]), "[]"); got != want {
			t.Errorf("%s, row 3: the audit shows %s; -explain %s", line.Post, got, want)
		}
		checked++
	}
	if checked != 8 { // training_data, training_labels, input_layer, hidden_layer, output_layer, output_probs and both error signals
		t.Errorf("%d row values compared; want 8", checked)
	}
	call(t, "GET", url+"/api/frame?run=1&open=weight:0,1,2", "", &f)
	byPost := map[string]string{}
	for _, line := range f.Audit.Lines {
		byPost[line.Post] = line.Rows[0][0]
	}
	w := explainBlock(t, explained, "layer1_weights_array")[1*5+2]
	data := explainBlock(t, explained, "gradient_layer1_weights = np.dot(training_data.T, error_signal_hidden)")[7]
	grad := explainBlock(t, explained, "gradient_layer1_weights += reg_lambda * layer1_weights_array")[7]
	next := explainBlock(t, explained, "layer1_weights_array -= learning_rate * gradient_layer1_weights")[7]
	for post, want := range map[string]float64{"layer1_weights_array": w, "reg_lambda * layer1_weights_array": 0.01 * w,
		"gradient_layer1_weights = np.dot(training_data.T, error_signal_hidden)": data, "gradient_layer1_weights += reg_lambda * layer1_weights_array": grad,
		"layer1_weights_array -= learning_rate * gradient_layer1_weights": next} {
		if byPost[post] != formatFloat(want) {
			t.Errorf("the audit of W[0][1][2]: %s = %s; -explain says %s", post, byPost[post], formatFloat(want))
		}
	}
}

// The live view's answers carry the headers HTTP asks of them: HEAD on a GET route is answered as GET is,
// 200 with no body (net/http's FileServer and the handler's own rule: GET routes take HEAD); a 405 names the
// method the route takes in Allow (RFC 9110 §15.5.6); every error answer — 403 for another Host, 404, 405,
// 400 for a bad body, 413 for a body over 64 kB — says Content-Type: application/json and is {"error": "…"}.
// (Catches: HEAD / answered 405, a 405 without Allow, a JSON error sent without its Content-Type, which Go
// then sniffs as text/plain.)
func TestLiveHTTPHeaders(t *testing.T) {
	_, url := startLive(t, "-observations", "30")
	do := func(method, path, body string, header ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, url+path, strings.NewReader(body))
		if len(header) == 2 {
			req.Host = header[1]
		}
		resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	for _, path := range []string{"/", "/app.js", "/api/state"} {
		if resp, body := do("HEAD", path, ""); resp.StatusCode != 200 || body != "" {
			t.Errorf("HEAD %s: %d with %d bytes; want 200 and no body", path, resp.StatusCode, len(body))
		}
	}
	for _, tc := range []struct{ method, path, allow string }{{"DELETE", "/api/state", "GET"}, {"GET", "/api/step", "POST"}, {"PUT", "/", "GET"}} {
		if resp, _ := do(tc.method, tc.path, ""); resp.StatusCode != 405 || resp.Header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d, Allow %q; want 405 and Allow: %s", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Allow"), tc.allow)
		}
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
		host               []string
	}{
		{"GET", "/api/state", "", 403, []string{"Host", "evil.example:80"}},
		{"GET", "/api/nothing", "", 404, nil},
		{"DELETE", "/api/state", "", 405, nil},
		{"POST", "/api/step", `{"steps": 0}`, 400, nil},
		{"POST", "/api/step", `{"x": "` + strings.Repeat("a", 70000) + `"}`, 413, nil},
	} {
		resp, body := do(tc.method, tc.path, tc.body, tc.host...)
		var e map[string]string
		if err := json.Unmarshal([]byte(body), &e); resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/json" || err != nil || e["error"] == "" {
			t.Errorf("%s %s: %d, Content-Type %q, body %.80q; want %d, application/json and {\"error\": …}", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body, tc.status)
		}
	}
}

// Play on a run that has stopped — here one that diverged, -lr 1e200 on 100 rows (as in the divergence test
// above), whose state says why it stopped — does not set it running: the answer to POST /api/play, and the
// state after it, say running false with the stop reason still there. (Catches: play setting running on a
// stopped run, so that the page shows it playing while no step can be taken.)
func TestLivePlayOnAStoppedRun(t *testing.T) {
	_, url := startLive(t, "-observations", "100", "-lr", "1e200", "-hidden", "none")
	var s state
	call(t, "POST", url+"/api/step", `{"steps": 3000}`, &s)
	if s.Stopped == "" {
		t.Fatalf("no divergence in 3000 steps: %+v", s)
	}
	var played, after state
	call(t, "POST", url+"/api/play", ``, &played)
	call(t, "GET", url+"/api/state", ``, &after)
	if played.Running || after.Running || after.Stopped == "" {
		t.Errorf("play on a stopped run: answered running %v, then running %v (stopped %q); want running false and the stop reason", played.Running, after.Running, after.Stopped)
	}
}

// No request can stall the server or carry a run it was not made for: a long POST /api/step runs in
// slices that let every other request in, ends when a Reset (or Pause) comes, and ends when its client
// leaves; a Reset builds its run without holding the run being watched; slow and idle clients hold only
// their own connections; the goroutines go back to their baseline. (Catches: a step request running on
// through a Reset into the new run, or after its client left; a Reset holding the lock while it builds;
// POST /api/step refusing {"steps": 100000}, the most it takes — which fails here at once, not by hanging.)
func TestLiveCannotBeWedged(t *testing.T) {
	flags := []string{"-observations", "20000", "-hidden", "50"} // steps of about 10 ms
	if testing.Short() {
		flags = []string{"-observations", "2000", "-hidden", "20"}
	}
	l, url := startLive(t, flags...)
	runtime.GC()
	baseline := runtime.NumGoroutine()
	// a long step request, then a reset while it runs: the new run stays at step 0
	// (each wait has its way out: a refused request, or one that never starts, fails the test at once
	// instead of hanging until go test's timeout)
	type answer struct {
		code int
		s    state
	}
	done := make(chan answer, 1)
	go func() { var a answer; a.code = call(t, "POST", url+"/api/step", `{"steps": 100000}`, &a.s); done <- a }()
	for s, deadline := (state{}), time.Now().Add(60*time.Second); s.Step == 0; call(t, "GET", url+"/api/state", "", &s) {
		select {
		case a := <-done:
			t.Fatalf(`POST /api/step {"steps": 100000} answered %d at step %d before a step was seen; want 200 and a long request (100000 is the most one may ask for)`, a.code, a.s.Step)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal(`POST /api/step {"steps": 100000}: no step taken in 60 s`)
		}
	}
	call(t, "POST", url+"/api/reset", ``, nil)
	var stopped state
	select {
	case a := <-done:
		stopped = a.s
	case <-time.After(60 * time.Second):
		t.Fatal("a long step request went on 60 s after a reset")
	}
	var s state
	call(t, "GET", url+"/api/state", "", &s)
	if s.Run != 2 || s.Step != 0 || stopped.Step != 0 || stopped.Run != 2 {
		t.Errorf("after a reset during a long step request: the request answered run %d step %d, the server stands at run %d step %d; want run 2 at step 0",
			stopped.Run, stopped.Step, s.Run, s.Step)
	}
	// a long step request whose client leaves stops taking steps
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", url+"/api/step", strings.NewReader(`{"steps": 100000}`))
	second := time.Now()
	go http.DefaultClient.Do(req)
	for call(t, "GET", url+"/api/state", "", &s); s.Step == 0; call(t, "GET", url+"/api/state", "", &s) {
		if time.Since(second) > 60*time.Second {
			t.Fatal(`the second POST /api/step {"steps": 100000}: no step taken in 60 s`)
		}
	}
	cancel()
	time.Sleep(300 * time.Millisecond)
	call(t, "GET", url+"/api/state", "", &s)
	at := s.Step
	time.Sleep(300 * time.Millisecond)
	if call(t, "GET", url+"/api/state", "", &s); s.Step != at || s.Step >= 100000 {
		t.Errorf("steps went on from %d to %d after the client left", at, s.Step)
	}
	// a reset being built does not hold the run: the state answers meanwhile
	l.building.Lock()
	answered := make(chan int)
	go func() { answered <- call(t, "GET", url+"/api/state", "", nil) }()
	select {
	case code := <-answered:
		if code != 200 {
			t.Errorf("GET /api/state while a run is built: %d", code)
		}
	case <-time.After(20 * time.Second):
		t.Error("GET /api/state waited for a run being built")
	}
	l.building.Unlock()
	// 40 clients that connect and never send, and one that asks for frames and never reads: the page still answers
	host := strings.TrimPrefix(url, "http://")
	var idle []net.Conn
	for i := 0; i < 40; i++ {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	slow, _ := net.Dial("tcp", host)
	for i := 0; i < 50; i++ {
		fmt.Fprintf(slow, "GET /api/frame?speed=1 HTTP/1.1\r\nHost: %s\r\n\r\n", host)
	}
	if code := call(t, "GET", url+"/api/frame?run=2", "", nil); code != 200 {
		t.Errorf("a frame with 41 stuck clients: %d", code)
	}
	for _, c := range append(idle, slow) {
		c.Close()
	}
	http.DefaultClient.CloseIdleConnections()
	for deadline := time.Now().Add(10 * time.Second); runtime.NumGoroutine() > baseline && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline {
		t.Errorf("%d goroutines after the clients left; %d before they came", n, baseline)
	}
}

// The page's plane is -plot's regions picture, drawn by the same functions: after 200 steps its regions
// image, its test points and its rings round wrong predictions are those of regions.svg from -steps 200,
// and its loss chart draws the same loss curve as loss.svg, point for point (the charts' geometry aside,
// so compared in data units). (Catches: two drawing stacks, drifting.)
func TestLivePicturesArePlots(t *testing.T) {
	dir := t.TempDir()
	flags := []string{"-observations", "300", "-batch", "50"}
	if code, _, stderr := runArgs(append(flags, "-steps", "200", "-plot", dir)...); code != 0 {
		t.Fatal(stderr)
	}
	_, url := startLive(t, flags...)
	call(t, "POST", url+"/api/step", `{"steps": 200}`, nil)
	var f frameJSON
	call(t, "GET", url+"/api/frame", "", &f)
	regions, _ := os.ReadFile(dir + "/regions.svg")
	image := regexp.MustCompile(`base64,([^"]+)"`)
	if m := image.FindSubmatch(regions); m == nil || string(m[1]) != f.Regions {
		t.Error("the page's regions image differs from -plot's regions.svg after the same 200 steps")
	}
	points := func(svg string, class string) string {
		i := strings.Index(svg, `<g class="`+class+`"`)
		return svg[i : i+strings.Index(svg[i:], "</g>")]
	}
	if points(f.Setup.Plane, "points") != points(string(regions), "points") {
		t.Error("the page's test points differ from regions.svg's")
	}
	if !strings.Contains(string(regions), f.Wrong) || f.Wrong == "" {
		t.Error("the page's rings round wrong predictions differ from regions.svg's")
	}
	loss, _ := os.ReadFile(dir + "/loss.svg")
	curve := regexp.MustCompile(`class="loss"[^>]*points="([^"]+)"`)
	if a, b := curve.FindSubmatch(loss), curve.FindStringSubmatch(f.LossSVG); a == nil || b == nil || len(strings.Fields(string(a[1]))) != len(strings.Fields(b[1])) || len(strings.Fields(b[1])) != 200 {
		t.Errorf("the page's loss curve has %d points; loss.svg's %d; want both 200", len(strings.Fields(b[1])), len(strings.Fields(string(a[1]))))
	}
	if !strings.Contains(f.LossSVG, `class="average"`) || !strings.Contains(f.LossSVG, "average of the last 2") {
		t.Error("the page's loss chart of a minibatch run lacks -plot's moving average")
	}
}

// The command line the page shows pastes into a POSIX shell as it is, whatever the file is called. (Catches:
// a file name with a quote, a space or a $ pasted into the shell unquoted, so that the command the page shows
// runs something else.)
func TestLiveCommandQuotesForTheShell(t *testing.T) {
	dir := t.TempDir()
	name := dir + "/it's data (1) $HOME.csv"
	b, _ := os.ReadFile("testdata/iris.csv")
	os.WriteFile(name, b, 0o644)
	_, url := startLive(t, "-data", name, "-hidden", "4")
	var s state
	call(t, "GET", url+"/api/state", "", &s)
	if got := commandArgs(t, s.Command); strings.Join(got, "|") != strings.Join([]string{"-data", name, "-hidden", "4", "-steps", "0"}, "|") {
		t.Errorf("the shell reads %q from the page's command %s", got, s.Command)
	}
}

// -serve: an address with no port or an unknown host is a wrong command line (exit 2); a port in use is
// not (exit 1); a host left out means loopback, said and listened on: a connection to this machine's
// address on another interface is refused. (Catches: -serve :8080 listening on every interface, whether or
// not it says localhost.)
func TestServeAddresses(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	oneLine(t, []string{"-serve", "localhost", "-observations", "20"}, 2, "want host:port")
	oneLine(t, []string{"-serve", "no-such-host.invalid:8080", "-observations", "20"}, 2, "is not known here")
	oneLine(t, []string{"-serve", busy.Addr().String(), "-observations", "20"}, 1, "cannot listen on "+busy.Addr().String())
	out := &syncBuffer{}
	go run([]string{"-serve", ":0", "-observations", "20"}, nil, out, io.Discard)
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := regexp.MustCompile(`http://([^/]+)/`).FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
	}
	if !strings.HasPrefix(addr, "localhost:") {
		t.Errorf("-serve :0 serves at %q; want localhost, loopback", addr)
	}
	// and it listens there only: from this machine's own address on another interface, nothing answers
	_, port, _ := net.SplitHostPort(addr)
	addrs, _ := net.InterfaceAddrs()
	tried := false
	for _, a := range addrs {
		ip, ok := a.(*net.IPNet)
		if !ok || ip.IP.IsLoopback() || ip.IP.To4() == nil || ip.IP.IsLinkLocalUnicast() {
			continue
		}
		tried = true
		if c, err := net.DialTimeout("tcp", net.JoinHostPort(ip.IP.String(), port), 2*time.Second); err == nil {
			c.Close()
			t.Errorf("-serve :0 answers on %s:%s, not on loopback only", ip.IP, port)
		}
	}
	if !tried {
		t.Log("no interface but loopback: whether -serve :0 listens only there is not checked")
	}
}

// -serve prints one line with the address, answers, and stops cleanly with exit status 0 on SIGINT. (The
// built program's status: go run itself reports 1 for any signal.) (Catches: SIGINT killing the server with
// status 130 or hanging it, a second line printed before the address.)
func TestServeStopsOnInterrupt(t *testing.T) {
	out := &syncBuffer{}
	done := make(chan int)
	go func() { done <- run([]string{"-serve", "127.0.0.1:0", "-observations", "50"}, nil, out, io.Discard) }()
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		url = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(out.String())
	}
	if url == "" {
		t.Fatalf("no address printed: %q", out.String())
	}
	if !strings.Contains(out.String(), "Ctrl-C stops it") || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("printed %q; want one line with the address and how to stop", out.String())
	}
	if code := call(t, "GET", url+"api/state", "", nil); code != 200 {
		t.Errorf("GET /api/state: %d", code)
	}
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit status %d after SIGINT; want 0", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("-serve did not stop on SIGINT")
	}
}

// syncBuffer is a bytes.Buffer safe to write from one goroutine and read from another.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// The live view counts as dead the hidden units that are off on every training row. By hand, with two
// hidden units whose weights are 0: unit 0 has bias −1, so max(−1, 0) = 0 on every row (dead); unit 1
// has bias +1, so it is 1 on every row (alive). One dead unit. (Catches: a unit counted dead when it is
// on for some row, or alive when off for all.)
func TestLiveDeadUnits(t *testing.T) {
	l, url := startLive(t, "-observations", "30", "-hidden", "2")
	l.mu.Lock()
	clear(l.r.tr.Net.W[0].data)
	l.r.tr.Net.B[0].data[0], l.r.tr.Net.B[0].data[1] = -1, 1
	l.r.measures = nil
	l.mu.Unlock()
	var f frameJSON
	call(t, "GET", url+"/api/frame", "", &f)
	if fmt.Sprint(f.Dead) != "[1]" {
		t.Errorf("dead units %v; want [1]", f.Dead)
	}
}

// BenchmarkLivePlay plays the post's run as the page does — frames of 50 steps, each with every picture
// — and reports frames and steps a second and the size of a frame.
func BenchmarkLivePlay(b *testing.B) {
	l := &live{addr: "localhost:1"}
	if err := l.reset(nil); err != nil {
		b.Fatal(err)
	}
	l.r.running = true
	h := l.handler()
	size, key := 0, "1/1,2" // the page's setup: sent once, not with every frame
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/frame?run=1&speed=50&setup="+key, nil)
		req.Host = "localhost:1"
		l.advanced = time.Time{}
		h.ServeHTTP(rec, req)
		size = max(size, rec.Body.Len())
	}
	seconds := time.Since(start).Seconds()
	b.ReportMetric(float64(b.N)/seconds, "frames/s")
	b.ReportMetric(float64(b.N*50)/seconds, "steps/s")
	b.ReportMetric(float64(size), "bytes/frame")
}

// The page in a real browser: headless Chromium loads it; the step shows; a click on a training point
// rings it on the plane and opens its audit, whose numbers are -explain's for that row at step 0; the
// charts are the right way up; playing moves the step on; a new run clears the audit; and nothing is
// logged as an error. Skipped, saying so, where chromium is not on the PATH (.ci/run installs Debian's).
// (Catches: the page's audit requests misnamed — every one answered 400 —, a loss chart drawn upside down, a
// row's point drawn where the server does not place it, votes that are not -votes', a Play that does not
// play, an audit kept into the next run, a JavaScript error.)
func TestLivePageInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on the PATH: the page is not loaded in a browser here (apt-get install chromium)")
	}
	l, url := startLive(t, "-observations", "300")
	b, err := newBrowser(t, chromium)
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	if err := b.open(url + "/"); err != nil {
		t.Fatal(err)
	}
	wait := func(what, expr, want string) string {
		t.Helper()
		got := ""
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if got = b.eval(expr); got == want || want == "" && got != "" {
				return got
			}
		}
		t.Errorf("%s: %q; want %q", what, got, want)
		return got
	}
	wait("the step shown", `document.getElementById("step").textContent`, "0")
	wait("the plane drawn", `document.querySelector("#regions image.regions") ? "yes" : ""`, "yes")
	// click training row 5's point, where the page drew it
	l.mu.Lock()
	x, y := l.r.view.point(l.r.ex.rawTrain.X, 5)
	l.mu.Unlock()
	b.eval(fmt.Sprintf(`(() => { const svg = document.querySelector("#regions svg"), p = new DOMPoint(%v, %v).matrixTransform(svg.getScreenCTM());
		document.getElementById("regions").dispatchEvent(new MouseEvent("click", {clientX: p.x, clientY: p.y, bubbles: true})); return ""; })()`, x, y))
	wait("the clicked row in the audit form", `document.getElementById("auditRow").value`, "5")
	wait("the row ringed on the plane", `(() => { const c = document.querySelector("#regions g.overlay circle"); return c ? c.getAttribute("cx") + "," + c.getAttribute("cy") : ""; })()`,
		px(x)+","+px(y))
	_, explained, _ := runArgs("-observations", "300", "-explain", "-explain-rows", "6")
	hidden := explainBlock(t, explained, "hidden_layer = relu_activation(input_layer + layer1_biases_array)")[25:30]
	wait("the audit's hidden_layer of row 5", `(() => { const l = document.querySelector('#audit [data-name="hidden_layer"] tr.values'); return l ? [...l.querySelectorAll("td")].map((td) => td.textContent).join(" ") : ""; })()`,
		strings.Trim(fmt.Sprint(hidden), "[]"))
	// the charts: a falling loss is drawn going down the page (y grows downwards)
	call(t, "POST", url+"/api/step", `{"steps": 40}`, nil)
	wait("the step after 40 steps", `document.getElementById("step").textContent`, "40")
	ys := strings.Split(b.eval(`(() => { const p = document.querySelector("#loss polyline.loss").getAttribute("points").split(" "); return p[0].split(",")[1] + " " + p[p.length - 1].split(",")[1]; })()`), " ")
	if y0, _ := strconv.ParseFloat(ys[0], 64); len(ys) != 2 || y0 >= func() float64 { v, _ := strconv.ParseFloat(ys[1], 64); return v }() {
		t.Errorf("the loss chart's first and last points at y %v: a falling loss must end lower on the page", ys)
	}
	// play for a moment: the step moves on
	b.eval(`document.getElementById("play").click(), ""`)
	later := "40"
	for deadline := time.Now().Add(20 * time.Second); later == "40" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		later = b.eval(`document.getElementById("step").textContent`)
	}
	b.eval(`document.getElementById("play").click(), ""`)
	if later == "40" || later == "" {
		t.Errorf("after playing the page still shows step %q", later)
	}
	// a weight's line clicked: every training point coloured by its vote, the CLI's -votes numbers
	// the pause is the page's own request, sent after the click returns: wait until the server has it
	var now state
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if call(t, "GET", url+"/api/state", "", &now); !now.Running {
			break
		}
	}
	if now.Running {
		t.Fatal("the page's Pause did not stop the run")
	}
	wait("the step, paused", `document.getElementById("step").textContent`, strconv.Itoa(now.Step))
	_, votes, _ := runArgs("-observations", "300", "-votes", "W1[0][3]", "-steps", strconv.Itoa(now.Step))
	b.eval(`document.querySelector('#network line[data-open="weight:0,0,3"]').dispatchEvent(new MouseEvent("click", {bubbles: true})), ""`)
	wait("the vote marks", `String(document.querySelectorAll("#regions g.votes circle").length)`, "810")
	compared := 0
	for _, m := range regexp.MustCompile(`row (\d+) \([^)]*\): (\S+)`).FindAllStringSubmatch(votes, 3) {
		wait("row "+m[1]+"'s vote", `document.querySelector('#regions g.votes circle[data-row="`+m[1]+`"]').dataset.vote`, m[2])
		compared++
	}
	if compared != 3 {
		t.Errorf("compared %d rows' votes with -votes; want 3:\n%s", compared, votes)
	}
	// a new run: the audit is cleared
	call(t, "POST", url+"/api/reset", `{"config": {"dataset": "moons"}}`, nil)
	wait("the audit after a new run", `document.getElementById("audit").hidden ? "hidden" : "open"`, "hidden")
	wait("the row ring after a new run", `document.querySelector("#regions g.overlay circle") ? "ring" : "none"`, "none")
	if errs := b.problems(); len(errs) > 0 {
		t.Errorf("%d console errors, the first: %s", len(errs), errs[0])
	}
}

// browser drives headless Chromium through the DevTools protocol over a pipe (--remote-debugging-pipe):
// JSON messages ended by a NUL byte, on file descriptors 3 (to Chromium) and 4 (from it).
type browser struct {
	cmd     *exec.Cmd
	to      *os.File
	mu      sync.Mutex
	id      int
	replies map[int]chan map[string]any
	errors  []string
	session string
}

func newBrowser(t *testing.T, path string) (*browser, error) {
	toR, toW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	fromR, fromW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-pipe", "--user-data-dir="+t.TempDir(), "about:blank")
	cmd.ExtraFiles = []*os.File{toR, fromW}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	toR.Close()
	fromW.Close()
	b := &browser{cmd: cmd, to: toW, replies: map[int]chan map[string]any{}}
	go b.read(fromR)
	target, err := b.send("", "Target.createTarget", map[string]any{"url": "about:blank"})
	if err != nil {
		b.close()
		return nil, err
	}
	attached, err := b.send("", "Target.attachToTarget", map[string]any{"targetId": target["targetId"], "flatten": true})
	if err != nil {
		b.close()
		return nil, err
	}
	b.session, _ = attached["sessionId"].(string)
	for _, domain := range []string{"Runtime.enable", "Log.enable", "Page.enable"} {
		if _, err := b.send(b.session, domain, map[string]any{}); err != nil {
			b.close()
			return nil, err
		}
	}
	return b, nil
}

func (b *browser) read(from *os.File) {
	r := bufio.NewReader(from)
	for {
		msg, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m map[string]any
		if json.Unmarshal(msg[:len(msg)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if id, ok := m["id"].(float64); ok {
			if ch := b.replies[int(id)]; ch != nil {
				ch <- m
			}
		}
		switch m["method"] {
		case "Runtime.exceptionThrown":
			p, _ := m["params"].(map[string]any)
			d, _ := p["exceptionDetails"].(map[string]any)
			e, _ := d["exception"].(map[string]any)
			b.errors = append(b.errors, fmt.Sprint(d["text"], " ", e["description"]))
		case "Runtime.consoleAPICalled":
			if p, _ := m["params"].(map[string]any); p["type"] == "error" {
				b.errors = append(b.errors, fmt.Sprint(p["args"]))
			}
		case "Log.entryAdded":
			if p, _ := m["params"].(map[string]any); p != nil {
				if e, _ := p["entry"].(map[string]any); e["level"] == "error" {
					b.errors = append(b.errors, fmt.Sprint(e["text"], " ", e["url"]))
				}
			}
		}
		b.mu.Unlock()
	}
}

func (b *browser) send(session, method string, params map[string]any) (map[string]any, error) {
	b.mu.Lock()
	b.id++
	id := b.id
	ch := make(chan map[string]any, 1)
	b.replies[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	data, _ := json.Marshal(msg)
	if _, err := b.to.Write(append(data, 0)); err != nil {
		return nil, err
	}
	select {
	case m := <-ch:
		if e, ok := m["error"]; ok {
			return nil, fmt.Errorf("%s: %v", method, e)
		}
		result, _ := m["result"].(map[string]any)
		return result, nil
	case <-time.After(20 * time.Second):
		return nil, fmt.Errorf("%s: no answer from chromium", method)
	}
}

func (b *browser) open(url string) error {
	_, err := b.send(b.session, "Page.navigate", map[string]any{"url": url})
	return err
}

// eval returns the string value of a JavaScript expression in the page, or "" on any failure.
func (b *browser) eval(expr string) string {
	r, err := b.send(b.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
	if err != nil {
		return ""
	}
	v, _ := r["result"].(map[string]any)
	s, _ := v["value"].(string)
	return s
}

func (b *browser) problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string{}, b.errors...)
}

func (b *browser) close() {
	b.send("", "Browser.close", map[string]any{})
	b.to.Close()
	done := make(chan struct{})
	go func() { b.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		b.cmd.Process.Kill()
	}
}

// ---------------------------------------------------------------------------------------------------
// Arrays as numpy saves them: the .npy and .npz reader, and the JSON form.

// npyFile returns a version 1.0 .npy file, laid out as numpy's format.py writes one:
//
//	93 4e 55 4d 50 59   the magic: the byte 0x93, then "NUMPY"
//	01 00               the version, 1.0
//	76 00               the header's length, little-endian: 0x0076 = 118, so that 10 + 118 = 128
//	{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }   the header, then spaces up to byte 127
//	0a                  and a newline, which ends it (byte 127)
//	…                   the elements: 2 × 8 bytes here
//
// header is the dict as written; it is padded so that the data start at a multiple of 64, as numpy does.
func npyFile(header string, data ...byte) []byte {
	n := (10 + len(header) + 1 + 63) / 64 * 64 // 10 bytes before the header, 1 newline after it
	h := header + strings.Repeat(" ", n-10-len(header)-1) + "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8))
	return append(append(b, h...), data...)
}

// npyHeader returns the dict numpy writes for a descr, an order and a shape written as numpy prints it.
func npyDict(descr string, fortran bool, shape string) string {
	order := "False"
	if fortran {
		order = "True"
	}
	return fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, order, shape)
}

// f8 returns float64s as the little-endian bytes '<f8' stores.
func f8(vs ...float64) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

// npzMember is one member of an .npz built by npzFile.
type npzMember struct {
	name   string
	method uint16 // zip.Store (np.savez) or zip.Deflate (np.savez_compressed)
	data   []byte
}

// npzFile builds an .npz with archive/zip, as np.savez writes one: a member NAME.npy per array.
func npzFile(t *testing.T, members ...npzMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(12, func(out io.Writer) (io.WriteCloser, error) { return nopWriteCloser{out}, nil }) // "bzip2", for a refusal
	for _, m := range members {
		f, err := w.CreateHeader(&zip.FileHeader{Name: m.name, Method: m.method})
		if err != nil {
			t.Fatal(err)
		}
		f.Write(m.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// sameArray reports whether a has this name, shape, dtype and data (bit for bit).
func sameArray(a *Array, name string, shape []int, dtype string, data []float64) bool {
	return a.Name == name && fmt.Sprint(a.Shape) == fmt.Sprint(shape) && a.DType == dtype && len(a.Shape) == len(shape) &&
		sameMatrix(NewMatrixFrom(1, len(a.Data), a.Data), NewMatrixFrom(1, len(data), data), 0)
}

// Each dtype, its elements written out byte by byte. Worked by hand: 1.0 as float64 is 0x3ff0000000000000
// and 0.5 is 0x3fe0000000000000, stored lowest byte first; 1.0 as float32 is 0x3f800000 and −2.0 is
// 0xc0000000; −1 as int32 is ffffffff; −2 as int64 is fffffffffffffffe; True and False are 01 and 00.
// A width wrong by one type (float32 read as 8 bytes, int32 as unsigned) fails. (Catches: a dtype read with
// the wrong size or as another type — <i4 as <f4 —, a bool read as its byte's bits, a bool byte other than 0
// or 1 read as False, the one-byte '>b1' refused as big-endian.)
func TestReadNPYEachDType(t *testing.T) {
	for _, c := range []struct {
		descr, shape string
		data         []byte
		dtype        string
		want         []float64
	}{
		{"<f8", "(2,)", []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f}, "float64", r(1, 0.5)},
		{"<f4", "(2,)", []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0}, "float32", r(1, -2)},
		{"<i8", "(1,)", []byte{0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "int64", r(-2)},
		{"<i4", "(2,)", []byte{7, 0, 0, 0, 0xff, 0xff, 0xff, 0xff}, "int32", r(7, -1)},
		{"|b1", "(3,)", []byte{1, 0, 1}, "bool", r(1, 0, 1)},
		{"=f8", "(1,)", []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f}, "float64", r(1)}, // '=': the writer's order, little-endian
		{"<b1", "(1,)", []byte{1}, "bool", r(1)},                               // one byte: no order to get wrong
		{">b1", "(1,)", []byte{1}, "bool", r(1)},                               // big-endian too: np.dtype('>b1') is bool
		{"|b1", "(2,)", []byte{2, 0}, "bool", r(1, 0)},                         // np.frombuffer(b'\x02', bool) is [True]: any byte but 0
	} {
		arrays, err := parseArrays(npyFile(npyDict(c.descr, false, c.shape), c.data...), "x.npy")
		if err != nil {
			t.Errorf("%s: %v", c.descr, err)
			continue
		}
		if len(arrays) != 1 || !sameArray(arrays[0], "x", []int{len(c.want)}, c.dtype, c.want) {
			t.Errorf("%s %x: read %+v; want x (%d,) %s %v", c.descr, c.data, *arrays[0], len(c.want), c.dtype, c.want)
		}
	}
}

// Fortran order, by hand. The 2 × 3 matrix
//
//	[[1 2 3]
//	 [4 5 6]]
//
// stored column by column is 1 4 2 5 3 6; read, it must be the rows 1 2 3 and 4 5 6 (row-major). A
// 2 × 2 × 2 array has element (i, j, k) at i + 2j + 4k in Fortran order and 4i + 2j + k in C order, so
// stored as 0 4 2 6 1 5 3 7 (each value its C offset) it must read as 0 … 7: a transpose that only
// swaps two axes fails it. Fortran order ignored fails both. (Catches: fortran_order ignored, or read as a
// transpose of the last two axes only.)
func TestReadNPYFortranOrder(t *testing.T) {
	for _, c := range []struct {
		shape  string
		dims   []int
		stored []float64
	}{
		{"(2, 3)", []int{2, 3}, r(1, 4, 2, 5, 3, 6)},
		{"(2, 2, 2)", []int{2, 2, 2}, r(0, 4, 2, 6, 1, 5, 3, 7)},
	} {
		arrays, err := parseArrays(npyFile(npyDict("<f8", true, c.shape), f8(c.stored...)...), "m.npy")
		if err != nil {
			t.Fatal(err)
		}
		want := r(1, 2, 3, 4, 5, 6)
		if len(c.dims) == 3 {
			want = r(0, 1, 2, 3, 4, 5, 6, 7)
		}
		if !sameArray(arrays[0], "m", c.dims, "float64", want) {
			t.Errorf("Fortran %s stored %v: read %v %v; want %v", c.shape, c.stored, arrays[0].Shape, arrays[0].Data, want)
		}
	}
}

// 0-d arrays: numpy saves step=0 as a 0-d int64, shape (), one element; an empty shape's product is 1.
// And an array with a zero dimension holds no elements. (Catches: shape () read as no elements, a zero
// dimension read as one.)
func TestReadNPYZeroDimensions(t *testing.T) {
	arrays, err := parseArrays(npyFile("{'descr': '<i8', 'fortran_order': False, 'shape': (), }", 0, 0, 0, 0, 0, 0, 0, 0), "step.npy")
	if err != nil || !sameArray(arrays[0], "step", []int{}, "int64", r(0)) {
		t.Errorf("a 0-d int64 0: %v, %v; want step () int64 [0]", arrays, err)
	}
	arrays, err = parseArrays(npyFile(npyDict("<f8", false, "(0, 3)")), "e.npy")
	if err != nil || !sameArray(arrays[0], "e", []int{0, 3}, "float64", nil) {
		t.Errorf("shape (0, 3): %v, %v; want no elements", arrays, err)
	}
}

// Versions 2.0 and 3.0 store the header's length in 4 bytes: 0x76 0 0 0 here, 118, with the data at 12 +
// 118 − 2 = 128 when the header is two spaces shorter. Python 2's numpy wrote shapes such as (2L,). (Catches:
// versions 2 and 3 read with a 2-byte header length, a Python 2 shape (2L,) refused.)
func TestReadNPYVersions(t *testing.T) {
	h := npyDict("<f8", false, "(2L,)") + strings.Repeat(" ", 58) + "\n"
	for _, major := range []byte{2, 3} {
		b := append([]byte{0x93, 'N', 'U', 'M', 'P', 'Y', major, 0}, byte(len(h)), byte(len(h)>>8), 0, 0)
		b = append(append(b, h...), f8(1, 0.5)...)
		arrays, err := parseArrays(b, "v.npy")
		if err != nil || !sameArray(arrays[0], "v", []int{2}, "float64", r(1, 0.5)) {
			t.Errorf("version %d.0: %v, %v", major, arrays, err)
		}
	}
}

// A big-endian array is refused, saying so and how to convert it; the same bytes as little-endian read.
// (Catches: a big-endian file read as little-endian numbers in silence.)
func TestReadNPYByteOrder(t *testing.T) {
	one := []byte{0x3f, 0xf0, 0, 0, 0, 0, 0, 0} // 1.0 in big-endian order
	_, err := parseArrays(npyFile(npyDict(">f8", false, "(1,)"), one...), "be.npy")
	if err == nil || !strings.Contains(err.Error(), "be.npy has dtype '>f8', big-endian float64") || !strings.Contains(err.Error(), "astype('<f8')") {
		t.Errorf("'>f8': %v; want a refusal naming big-endian float64", err)
	}
	arrays, err := parseArrays(npyFile(npyDict("<f8", false, "(1,)"), one...), "le.npy")
	if err != nil || arrays[0].Data[0] != math.Float64frombits(0xf03f) {
		t.Errorf("'<f8' of the same bytes: %v, %v; want %v", arrays, err, math.Float64frombits(0xf03f))
	}
}

// np.savez stores, np.savez_compressed deflates: both read, in the archive's order, names less .npy.
// np.savez with no arrays writes an archive with no members: no arrays, no error. (Catches: compressed
// archives refused, members read out of order, names kept with their .npy.)
func TestReadNPZStoredAndDeflated(t *testing.T) {
	step := npyFile(npyDict("<i8", false, "()"), 3, 0, 0, 0, 0, 0, 0, 0)
	w := npyFile(npyDict("<f8", false, "(1, 2)"), f8(-1, 2)...)
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		b := npzFile(t, npzMember{"step.npy", method, step}, npzMember{"layer1_weights_array.npy", method, w})
		arrays, err := parseArrays(b, "mine.npz")
		if err != nil {
			t.Fatalf("method %d: %v", method, err)
		}
		if len(arrays) != 2 || !sameArray(arrays[0], "step", []int{}, "int64", r(3)) ||
			!sameArray(arrays[1], "layer1_weights_array", []int{1, 2}, "float64", r(-1, 2)) {
			t.Errorf("method %d: read %v %v", method, *arrays[0], *arrays[1])
		}
	}
	if arrays, err := parseArrays(npzFile(t), "empty.npz"); err != nil || len(arrays) != 0 {
		t.Errorf("an empty .npz: %v, %v; want no arrays and no error", arrays, err)
	}
}

// The JSON form: numbers and nested arrays of numbers, in the object's order; a number is 0-d. (Catches: the
// object's keys sorted, a number read as a 1-element array, an empty inner array dropping a dimension.)
func TestReadArraysJSON(t *testing.T) {
	arrays, err := parseArrays([]byte(` {"step": 1, "b": [[0.5, -1e-3]], "x": [[[1], [2]]], "e": [], "ee": [[], []]}`), "port.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name  string
		shape []int
		data  []float64
	}{{"step", []int{}, r(1)}, {"b", []int{1, 2}, r(0.5, -1e-3)}, {"x", []int{1, 2, 1}, r(1, 2)}, {"e", []int{0}, nil}, {"ee", []int{2, 0}, nil}}
	for i, w := range want {
		if i >= len(arrays) || !sameArray(arrays[i], w.name, w.shape, "json", w.data) {
			t.Errorf("array %d: %+v; want %s %v %v", i, arrays[min(i, len(arrays)-1)], w.name, w.shape, w.data)
		}
	}
}

// Every refusal: one line, naming the file (and the member), what is wrong and what is read. (Catches: a
// dtype -check cannot compare read as float64 bytes, a truncated file padded, a shape whose size overflows
// accepted, a misspelt header key read as its default.)
func TestReadArraysRefusals(t *testing.T) {
	f := func(descr, shape string, data ...byte) []byte { return npyFile(npyDict(descr, false, shape), data...) }
	good := f("<f8", "(1,)", f8(1)...)
	for _, c := range []struct {
		what string
		in   []byte
		want string
	}{
		{"big-endian", f(">i4", "(1,)", 0, 0, 0, 1), "a.npy has dtype '>i4', big-endian int32; -check reads little-endian float64"},
		{"float16", f("<f2", "(1,)", 0, 0), "dtype '<f2' (float16); -check reads"},
		{"uint8", f("|u1", "(1,)", 0), "dtype '|u1' (uint8)"},
		{"complex", f("<c16", "(1,)", f8(1, 0)...), "dtype '<c16' (complex128)"},
		{"strings", f("<U3", "(1,)", make([]byte, 12)...), "dtype '<U3' (a string)"},
		{"pickled objects", f("|O", "(1,)", 0x80, 2, 3, 4, 5, 6, 7, 8), "dtype '|O', an object array, which numpy pickles"},
		{"structured", npyFile("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", f8(1)...), "a structured array"},
		{"truncated data", f("<f8", "(3,)", f8(1, 2)...), "a.npy holds 16 bytes of data, but shape (3,) of '<f8' needs 24: the file is truncated"},
		{"bytes to spare", f("<f8", "(1,)", f8(1, 2)...), "holds 16 bytes of data, but shape (1,) of '<f8' needs 8"},
		{"a shape far beyond the data", f("<f8", "(1000000, 1000000)", f8(1)...), "holds 8 bytes of data, but shape (1000000, 1000000) of '<f8' needs 8000000000000"},
		{"a shape that overflows", f("<f8", "(4294967296, 4294967296, 4294967296)", f8(1)...), "needs 6.338253001141147e+29"},
		{"a misspelt False", npyFile("{'descr': '<f8', 'fortran_order': Flase, 'shape': (1,), }", f8(1)...), "the .npy header \"{'descr': '<f8', 'fortran_order': Flase, 'shape': (1,), }\" does not parse: at byte 34, \"Flase, 'sh\" is not"},
		{"a key missing", npyFile("{'descr': '<f8', 'shape': (1,), }", f8(1)...), "its keys are 'descr', 'shape', not 'descr', 'fortran_order' and 'shape'"},
		{"a key too many", npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", f8(1)...), "its keys are"},
		{"a negative size", f("<f8", "(-1,)"), "'shape' is (-1,), not a tuple of at most 32 sizes"},
		{"a shape not a tuple", f("<f8", "[1]", f8(1)...), "'shape' is [1], not a tuple"},
		{"an order not a bool", npyFile("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", f8(1)...), "'fortran_order' is 0, not True or False"},
		{"a descr not a string", npyFile("{'descr': None, 'fortran_order': False, 'shape': (1,), }", f8(1)...), "'descr' is None, not a string"},
		{"a header longer than the file", append([]byte("\x93NUMPY\x01\x00\xff\x00"), "{'descr'"...), "a.npy has a header of 255 bytes in a file of 18: the file is truncated"},
		{"a file cut inside the prelude", []byte("\x93NUMPY\x01"), "a.npy is truncated: shorter than a .npy header"},
		{"a version 2 length past 2 bytes", append([]byte("\x93NUMPY\x02\x00\x76\x00\x01\x00"), good[10:]...), "a.npy has a header of 65654 bytes in a file of 138"},
		{"version 4", append([]byte("\x93NUMPY\x04\x00"), good[8:]...), "a.npy is .npy version 4.0; -check reads versions 1.0, 2.0 and 3.0"},
		{"not numpy's at all", []byte("hello"), "a.npy is not an .npz, an .npy or a JSON object (it starts with \"hello\")"},
	} {
		_, err := parseArrays(c.in, "a.npy")
		checkRefusal(t, c.what, err, c.want)
	}
	m := func(name string, method uint16, data []byte) npzMember { return npzMember{name, method, data} }
	for _, c := range []struct {
		what    string
		members []npzMember
		want    string
	}{
		{"two members of one name", []npzMember{m("x.npy", zip.Store, good), m("x.npy", zip.Deflate, good)}, "mine.npz, member x.npy: a second array named x"},
		{"a member that is not .npy", []npzMember{m("x.npy", zip.Store, good), m("notes.txt", zip.Store, []byte("hi"))}, "mine.npz, member notes.txt is not a .npy file"},
		{"bzip2", []npzMember{m("x.npy", 12, good)}, "mine.npz, member x.npy is compressed with zip method 12; -check reads stored and deflated members"},
		{"a member's own refusal", []npzMember{m("x.npy", zip.Deflate, f("<f8", "(2,)", f8(1)...))}, "mine.npz, member x.npy holds 8 bytes of data, but shape (2,) of '<f8' needs 16"},
		{"a member big-endian", []npzMember{m("w.npy", zip.Store, f(">f8", "(1,)", f8(1)...))}, "mine.npz, member w.npy has dtype '>f8', big-endian float64"},
	} {
		_, err := parseArrays(npzFile(t, c.members...), "mine.npz")
		checkRefusal(t, c.what, err, c.want)
	}
	_, err := parseArrays([]byte("PK\x03\x04 not really a zip"), "mine.npz")
	checkRefusal(t, "a broken zip", err, "mine.npz is not a readable .npz (a zip archive of .npy files): zip: not a valid zip file")
	for _, c := range []struct{ what, in, want string }{
		{"ragged", `{"a": [[1, 2], [3]]}`, `port.json, "a"[1]: ragged: 1 elements where the first array at this depth has 2; want a number or a rectangular nested array of numbers`},
		{"numbers beside arrays", `{"a": [1, [2]]}`, `"a"[1][0]: ragged: numbers 2 arrays deep where others are 1 deep`},
		{"an empty array beside numbers", `{"a": [[1], []]}`, `"a"[1]: ragged`},
		{"a string", `{"a": [1, "2"]}`, `port.json, "a"[1]: "2" is not a number`},
		{"null", `{"a": null}`, `"a": null is not a number`},
		{"true", `{"a": [true]}`, `"a"[0]: true is not a number`},
		{"an object inside", `{"a": [{"b": 1}]}`, `"a"[0]: an object`},
		{"a number beyond float64", `{"a": 1e999}`, `"a": 1e999 is beyond float64's range`},
		{"a name twice", `{"a": 1, "a": 2}`, `port.json: a second array named "a"`},
		{"NaN", "{\"a\": 1,\n \"b\": NaN}", `port.json is not the JSON form (an object of names to numbers or nested arrays of numbers, such as {"step": 0, "layer1_biases_array": [[0, 0, 0, 0, 0]]}): line 2, column 7: invalid character 'N' looking for beginning of value (NaN and Infinity are not JSON numbers`},
		{"text after the object", `{"a": 1} {"b": 2}`, `line 1, column 10: invalid character '{' after top-level value`},
		{"cut short", `{"a": [1, 2`, `line 1, column 11: unexpected end of JSON input`},
		{"too deep", `{"a": ` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, `nested deeper than numpy's 32 dimensions`},
	} {
		_, err := parseArrays([]byte(c.in), "port.json")
		checkRefusal(t, c.what, err, c.want)
	}
}

// checkRefusal checks that err is one line containing want.
func checkRefusal(t *testing.T, what string, err error, want string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s: read; want the refusal %q", what, want)
	case !strings.Contains(err.Error(), want):
		t.Errorf("%s: %v; want it to say %q", what, err, want)
	case strings.Contains(err.Error(), "\n"):
		t.Errorf("%s: a refusal of more than one line: %q", what, err)
	}
}

// A header that claims far more elements than the file holds allocates nothing from the claim: 10⁷
// float64s would be 80 MB, the file is 136 bytes, and reading it may allocate a few kilobytes; .npy and
// .npz alike. (Catches: Data allocated from the header's shape before the size is checked.)
func TestReadNPYAllocatesFromTheBytesNotTheClaim(t *testing.T) {
	for _, b := range [][]byte{
		npyFile(npyDict("<f8", false, "(10000000,)"), f8(1)...),
		npzFile(t, npzMember{"x.npy", zip.Deflate, npyFile(npyDict("<f8", false, "(10000000,)"), f8(1)...)}),
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := parseArrays(b, "claim.npz")
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "needs 80000000") {
			t.Errorf("10⁷ elements claimed in %d bytes: %v; want a refusal", len(b), err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Errorf("10⁷ elements claimed in %d bytes: %d bytes allocated; want well under 1 MB", len(b), grew)
		}
	}
}

// What numpy itself wrote (testdata/check/make_fixtures.py: numpy 1.24.2, the post's code on
// num_observations = 10). faithful-step0.npz is the issue's line exactly — np.savez of every ndarray in
// scope — so it holds numpy's order of names, its dtypes (the features float32, the one-hot labels int64,
// step a 0-d int64) and no `loss`, a numpy float64 scalar and not an ndarray. The JSON fixture holds the
// same numbers, written by Python's json.dump: shortest round-trip, so equal to the last bit. (Catches:
// members read out of the archive's order, a float32 array widened and labelled float64, a 0-d step read as
// shape (1,), the JSON form differing from the .npz in any bit.)
func TestReadNumpysOwnFiles(t *testing.T) {
	arrays, err := ReadArrays("testdata/check/faithful-step0.npz")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	byName := map[string]*Array{}
	for _, a := range arrays {
		names = append(names, a.Name)
		byName[a.Name] = a
	}
	want := "step x1 x2 x3 simulated_separableish_features simulated_labels labels_onehot train_dataset test_dataset train_labels test_labels " +
		"layer1_weights_array layer2_weights_array layer1_biases_array layer2_biases_array training_data training_labels input_layer hidden_layer " +
		"output_layer output_probs output_error_signal error_signal_hidden gradient_layer2_weights gradient_layer2_bias gradient_layer1_weights gradient_layer1_bias"
	if strings.Join(names, " ") != want {
		t.Errorf("names in the file's order:\n%s\nwant\n%s", strings.Join(names, " "), want)
	}
	for name, dtype := range map[string]string{"step": "int64", "training_data": "float32", "training_labels": "int64", "simulated_labels": "float64", "hidden_layer": "float64"} {
		if a := byName[name]; a == nil || a.DType != dtype {
			t.Errorf("%s: %+v; want dtype %s", name, a, dtype)
		}
	}
	if s := byName["step"]; s == nil || len(s.Shape) != 0 || s.Data[0] != 0 {
		t.Errorf("step: %+v; want a 0-d 0", s)
	}
	if x := byName["training_data"]; x == nil || fmt.Sprint(x.Shape) != "[27 2]" {
		t.Errorf("training_data: %+v; want 27 × 2", x)
	}
	fromJSON, err := ReadArrays("testdata/check/faithful-step0.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range fromJSON {
		a := byName[j.Name]
		if a == nil || !sameArray(j, a.Name, a.Shape, "json", a.Data) {
			t.Errorf("%s from JSON: %v %v; the .npz has %v", j.Name, j.Shape, j.Data, a)
		}
	}
}

// FuzzReadNPY checks that the array reader never panics, never allocates far beyond what its input can
// hold, and returns either an error of one line or arrays whose every Data has the product of its
// Shape elements, with sizes ≥ 0, known dtypes and distinct names. The allocation bound: deflate
// expands at most 1032:1, reading holds the bytes about twice over, and a bool becomes an 8-byte float64
// — so about 10⁴ bytes per input byte, and a few MB for the zip and flate readers. go test runs the seeds
// (below, and numpy's own files in testdata/fuzz/FuzzReadNPY); go test -fuzz FuzzReadNPY explores further.
func FuzzReadNPY(f *testing.F) {
	one := f8(1)
	for _, b := range [][]byte{
		npyFile(npyDict("<f8", false, "(1,)"), one...),
		npyFile(npyDict("<f4", true, "(2, 1)"), 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0),
		npyFile(npyDict("<i8", false, "()"), 0, 0, 0, 0, 0, 0, 0, 0),
		npyFile(npyDict("|b1", false, "(0, 3)")),
		npyFile(npyDict(">f8", false, "(1,)"), one...),
		npyFile(npyDict("<f8", false, "(1000000, 1000000)"), one...),
		npyFile("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", one...),
		[]byte(`{"step": 0, "a": [[1, 2], [3, 4]], "e": [[]]}`),
		[]byte(`{"a": [[1, 2], [3]]}`),
		[]byte("\x93NUMPY\x03\x00\x00\x00\x01\x00"),
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		arrays, err := parseArrays(in, "fuzz.npz")
		runtime.ReadMemStats(&after)
		if grew, bound := after.TotalAlloc-before.TotalAlloc, uint64(4<<20+16384*len(in)); grew > bound {
			t.Fatalf("%d bytes allocated reading %d bytes; want at most %d", grew, len(in), bound)
		}
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("a refusal of more than one line: %q", err)
			}
			return
		}
		names := map[string]bool{}
		for _, a := range arrays {
			n := 1
			for _, d := range a.Shape {
				if d < 0 {
					t.Fatalf("%s: shape %v", a.Name, a.Shape)
				}
				n *= d
			}
			if len(a.Data) != n {
				t.Fatalf("%s: %d elements for shape %v", a.Name, len(a.Data), a.Shape)
			}
			if names[a.Name] {
				t.Fatalf("two arrays named %q", a.Name)
			}
			names[a.Name] = true
			switch a.DType {
			case "float64", "float32", "int64", "int32", "bool", "json":
			default:
				t.Fatalf("%s: dtype %q", a.Name, a.DType)
			}
		}
	})
}

// checkFixtures are numpy's runs of the post's code on -observations 10 (testdata/check/make_fixtures.py)
// and the first value of each, inputs first and then in the post's order, that differs from this
// program's step: none for the faithful port, at steps 0, 1 and 3, and the slip's value for each port
// with one slip (its inputs are ours, except for the four slips of the inputs).
var checkFixtures = []struct{ file, first string }{
	{"faithful-step0.npz", ""}, {"faithful-step1.npz", ""}, {"faithful-step3.npz", ""}, {"faithful-step0.json", ""},
	{"slip-features-float64.npz", "training_data"},
	{"slip-weights-cell-once.npz", "layer1_weights_array"},
	{"slip-rows-other-order.npz", "training_data"},
	{"slip-labels-class-numbers.npz", "training_labels"},
	{"slip-softmax-axis0.npz", "output_probs"},
	{"slip-softmax-whole-matrix.npz", "output_probs"},
	{"slip-not-divided-by-n.npz", "output_error_signal"},
	{"slip-not-divided-by-n.json", "gradient_layer2_weights"}, // the JSON has no per-row arrays
	{"slip-divided-by-classes.npz", "output_error_signal"},
	{"slip-sign-flipped.npz", "output_error_signal"},
	{"slip-mask-nothing.npz", "error_signal_hidden"},
	{"slip-mask-input-layer.npz", "error_signal_hidden"}, // saved at step 9, the first step it shows
	{"slip-w2-from-input-layer.npz", "gradient_layer2_weights"},
	{"slip-bias-axis1.npz", "gradient_layer2_bias"},
	{"slip-l2-half.npz", "gradient_layer2_weights"},
}

// ourStep runs `-observations 10` to step `step` and returns every value of that step by the post's
// name, in -check's order: the inputs as the step found them, then what it computed.
func ourStep(t *testing.T, step int) (names []string, values map[string]*Matrix) {
	t.Helper()
	opts, err := parseFlags([]string{"-observations", "10"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := newExperiment(opts.Setup, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	tr := NewTrainer(ex.net, ex.train.X, ex.train.Y, ex.cfg)
	for tr.Done < step {
		tr.Next(false)
	}
	net, s := ex.net, tr.S
	values = map[string]*Matrix{"layer1_weights_array": net.W[0].Clone(), "layer1_biases_array": net.B[0].Clone(),
		"layer2_weights_array": net.W[1].Clone(), "layer2_biases_array": net.B[1].Clone()}
	tr.Next(false)
	for name, m := range map[string]*Matrix{"training_data": &s.X, "training_labels": &s.Y, "input_layer": s.InputLayer[0],
		"hidden_layer": s.Hidden[0], "output_layer": s.OutputLayer, "output_probs": s.OutputProbs,
		"output_error_signal": s.OutputErrorSignal, "error_signal_hidden": s.ErrorSignalHidden[0],
		"gradient_layer2_weights": s.GradW[1], "gradient_layer2_bias": s.GradB[1],
		"gradient_layer1_weights": s.GradW[0], "gradient_layer1_bias": s.GradB[0]} {
		values[name] = m
	}
	return strings.Fields("training_data training_labels layer1_weights_array layer1_biases_array layer2_weights_array layer2_biases_array " +
		"input_layer hidden_layer output_layer output_probs output_error_signal error_signal_hidden " +
		"gradient_layer2_weights gradient_layer2_bias gradient_layer1_weights gradient_layer1_bias"), values
}

// The fixtures' premise, which -check rests on: numpy's faithful run of the post's code is this
// program's -observations 10 run — data, split and weights to the bit, every computed value within
// |numpy − ours| ≤ 1e-12 · max(1, max |ours|) per array (measured on these files: at most 3.3e-16; on
// the post's full data 1.4e-15; numpy's BLAS sums in its own order) — at steps 0, 1 and 3; and each
// slip's file differs first where its slip is. (Catches: a change to the program's step that makes numpy's
// faithful run no longer this program's, a fixture whose slip no longer shows first where its entry says.)
func TestCheckFixturesAgainstThisProgram(t *testing.T) {
	steps := map[int][]string{}
	cache := map[int]map[string]*Matrix{}
	for _, c := range checkFixtures {
		arrays, err := ReadArrays("testdata/check/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		theirs := map[string]*Array{}
		for _, a := range arrays {
			theirs[a.Name] = a
		}
		step := int(theirs["step"].Data[0])
		if cache[step] == nil {
			steps[step], cache[step] = ourStep(t, step)
		}
		first := ""
		for _, name := range steps[step] {
			a, ours := theirs[name], cache[step][name]
			if a == nil {
				continue // -check skips what a port did not save
			}
			if d := fixtureDiff(a, ours); d != "" {
				first = name
				if c.first == "" {
					t.Errorf("%s (step %d): %s %s", c.file, step, name, d)
				}
				break
			}
		}
		if first != c.first {
			t.Errorf("%s (step %d): the first value that differs is %q; want %q", c.file, step, first, c.first)
		}
	}
}

// fixtureDiff says how a fixture's array differs from ours, or "" when it matches within the tolerance.
func fixtureDiff(a *Array, ours *Matrix) string {
	if fmt.Sprint(a.Shape) != fmt.Sprint([]int{ours.rows, ours.cols}) {
		return fmt.Sprintf("has shape %v; ours is %s", a.Shape, ours.shape())
	}
	worst, top := 0.0, 1.0
	for i, v := range ours.data {
		worst, top = max(worst, math.Abs(a.Data[i]-v)), max(top, math.Abs(v))
	}
	if !(worst <= 1e-12*top) {
		return fmt.Sprintf("differs by %g, beyond 1e-12 × %g", worst, top)
	}
	return ""
}

// ---------------------------------------------------------------------------------------------------
// Round three: memory is checked before it is spent, no number is wrong in silence, and every message
// helps — for whole classes of files, as issue 22 found them.

// endless is a stream that never ends on its own: line after line of one CSV row, as `yes 1,2,0 | nn
// -data -` gives, or zeros, as /dev/zero gives. It fails once more than stop bytes are read, so that a
// reader without a bound fails the test instead of hanging it.
type endless struct {
	line       []byte
	read, stop int
}

func (e *endless) Read(p []byte) (int, error) {
	if e.read > e.stop {
		return 0, errors.New("read past the test's stop: the reader has no bound")
	}
	for i := range p {
		p[i] = e.line[(e.read+i)%len(e.line)]
	}
	e.read += len(p)
	return len(p), nil
}

// Reading is bounded: a stream is read up to the limit and refused, naming the limit and where it comes
// from; a regular file larger than the limit is refused before a byte of it is read. Catches: ReadAll
// without a limit (the first case then runs into the stream's stop, the second reads the whole file).
func TestRoundThreeReadingIsBounded(t *testing.T) {
	const limit = 1 << 20
	stream := &endless{line: []byte("1,2,0\n"), stop: 64 << 20}
	_, err := readTable(stream, "standard input", limit, "the test's limit")
	if err == nil || !strings.Contains(err.Error(), "standard input is larger than the 1.0 MB this program can read here: the test's limit") {
		t.Errorf("an endless stream: %v; want it refused at the 1.0 MB limit", err)
	}
	if stream.read > 2*limit {
		t.Errorf("read %d bytes of a stream for a limit of %d", stream.read, limit)
	}
	path := t.TempDir() + "/big.csv"
	os.WriteFile(path, bytes.Repeat([]byte("1,2,0\n"), 2*limit/6), 0o644)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = readTable(f, path, limit, "the test's limit")
	if err == nil || !strings.Contains(err.Error(), "big.csv is 2.1 MB, larger than the 1.0 MB this program can read here") {
		t.Errorf("a 2 MB file: %v; want it refused, naming both sizes", err)
	}
	if at, _ := f.Seek(0, io.SeekCurrent); at != 0 {
		t.Errorf("read %d bytes of a file refused for its size; want none", at)
	}
	// The real limit is the memory available over the measured factor (which moves a little as it is read).
	if avail := availableMemory(); avail > 0 {
		if limit, why := readLimit("a CSV file", csvMemoryFactor); math.Abs(float64(limit)/(avail/csvMemoryFactor)-1) > 0.1 || !strings.Contains(why, "about 32 times its size") {
			t.Errorf("readLimit = %d, %q; want the %v bytes available / %d", limit, why, avail, csvMemoryFactor)
		}
	}
}

// A device or a stream of zeros is refused after its first few kilobytes, in one line: NUL bytes are not
// text. Catches: judging the bytes only after reading them all (then the stream is read to its stop).
func TestRoundThreeZerosAreNotRead(t *testing.T) {
	zeros := &endless{line: []byte{0}, stop: 64 << 20}
	var out, errb bytes.Buffer
	code := run([]string{"-data", "-"}, zeros, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "standard input line 1, column 1: a NUL byte (0x00)") || strings.Count(errb.String(), "\n") != 1 {
		t.Errorf("-data - from zeros: exit %d, %q", code, errb.String())
	}
	if zeros.read > sniffSize {
		t.Errorf("read %d bytes of zeros; want at most the first %d", zeros.read, sniffSize)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		oneLine(t, []string{"-data", "/dev/zero"}, 1, "/dev/zero line 1, column 1: a NUL byte (0x00), which text does not have")
	}
}

// What reading a CSV file costs, against the factor the limit assumes, on a file of single one-digit
// fields (the costliest shape measured, 2 bytes a row): what stays in memory once it is read (the live
// heap, the features included, with the file's own bytes that were live while it was parsed) must be
// within csvMemoryFactor times the file's size, and all it allocates on the way within 1.25 times that.
// Catches: a reader that keeps more per row than the factor says (each row's fields kept with room
// for twice as many: 36×), and one whose slice of rows grows as it goes, copying itself (100× allocated).
func TestRoundThreeCSVCostsWhatTheFactorSays(t *testing.T) {
	if testing.Short() {
		t.Skip("measures the heap; skipped with -short (and so with -race, which changes it)")
	}
	in := bytes.Repeat([]byte("3\n"), 2<<20) // 4 MB, 2M rows
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tab, err := ReadTable(bytes.NewReader(in), "one.csv")
	if err != nil {
		t.Fatal(err)
	}
	x, err := tab.columns([]int{0})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(tab)
	runtime.KeepAlive(x)
	size := float64(len(in))
	live := (float64(after.HeapAlloc) - float64(before.HeapAlloc) + size) / size
	total := float64(after.TotalAlloc-before.TotalAlloc) / size
	if live > csvMemoryFactor || total > 1.25*csvMemoryFactor {
		t.Errorf("reading one-digit rows kept %.1f and allocated %.1f times the file's size; the limit assumes %d", live, total, csvMemoryFactor)
	}
}

// 100,000 classes of two rows each pass the "a class for most rows" rule, and their one-hot labels
// would take 160 GB: refused before they are allocated, naming the classes. Catches: the memory
// check after ParseDataset (the allocation then kills the test binary).
func TestRoundThreeOneHotCheckedFirst(t *testing.T) {
	if avail := availableMemory(); avail == 0 || avail > 150e9 {
		t.Skip("this machine does not say how much memory it has, or has 160 GB")
	}
	var b strings.Builder
	b.WriteString("a,b,label\n")
	for i := 0; i < 200000; i++ {
		fmt.Fprintf(&b, "%d,%d,c%d\n", i%10, i%7, i/2)
	}
	_, err := readCSVString(t, b.String(), -1)
	if err == nil || !strings.Contains(err.Error(), "the one-hot labels of test.csv (200000 rows × 100000 classes) would need about 160.0 GB of memory, and this machine has") ||
		!strings.Contains(err.Error(), "-label N") {
		t.Errorf("100,000 classes: %v", err)
	}
}

// The header rule (takeHeader): a first row is a header when a feature field is text, or its label is
// text no other row has above labels that are numbers or repeat. Catches: an empty field taken for
// text (1,,0 then silently becomes a header and the row is lost), and the old label rule, which wanted
// the other labels to be numbers (1,2,label over string classes became a class "label").
func TestRoundThreeHeaderRule(t *testing.T) {
	_, err := readCSVString(t, "1,,0\n1,2,0\n3,4,1\n", -1)
	if want := `test.csv line 1, column 2 (col2): "" is not a finite number: the field is empty`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a first row with a missing value: %v; want %q", err, want)
	}
	for _, tc := range []struct {
		in, classes, features string
		rows                  int
	}{
		{"1,2,label\n1,2,a\n3,4,b\n5,6,a\n", "[a b]", "[1 2]", 3},                                   // a numeric header over string classes
		{"1,2,label\n1,2,0\n3,4,1\n", "[0 1]", "[1 2]", 2},                                          // over numbers
		{"5.1,3.5,setosa\n4.9,3,setosa\n6,2.2,virginica\n", "[setosa virginica]", "[col1 col2]", 3}, // a data row: its class has other rows
		{"1,a\n2,b\n", "[a b]", "[col1]", 2},                                                        // one row a class: no header to tell
	} {
		ds, err := readCSVString(t, tc.in, -1)
		if err != nil || fmt.Sprint(ds.Classes) != tc.classes || fmt.Sprint(ds.Features) != tc.features || ds.X.rows != tc.rows {
			t.Errorf("%q: %v; want classes %s, features %s, %d rows", tc.in, err, tc.classes, tc.features, tc.rows)
			continue
		}
	}
}

// A header naming two columns alike is refused, for training and for -predict, where features are
// found by name. Catches: no check (x,x,label trained, and -predict read both features from the
// first x column).
func TestRoundThreeRepeatedNames(t *testing.T) {
	for _, in := range []string{"x,x,label\n1,2,a\n3,4,b\n", "x,y,x\n1,2,0\n3,4,1\n"} {
		_, err := readCSVString(t, in, -1)
		if err == nil || !strings.Contains(err.Error(), "test.csv line 1: columns 1 and ") || !strings.Contains(err.Error(), "are both named x") {
			t.Errorf("%q: %v; want the repeated name refused", in, err)
		}
	}
	dir := t.TempDir()
	train, model, predict := dir+"/ab.csv", dir+"/m.json", dir+"/aab.csv"
	os.WriteFile(train, []byte("a,b,kind\n1,2,x\n3,4,y\n1,3,x\n4,4,y\n"), 0o644)
	os.WriteFile(predict, []byte("a,a,b,kind\n1,9,2,x\n"), 0o644)
	if code, _, stderr := runArgs("-data", train, "-steps", "1", "-test-size", "0.25", "-save", model); code != 0 {
		t.Fatal(stderr)
	}
	oneLine(t, []string{"-load", model, "-predict", predict}, 1, "aab.csv line 1: columns 1 and 2 are both named a")
}

// The model reader refuses what encoding/json lets through, naming the field. Catches: a null
// entry read as 0, bytes after the object ignored, repeated class or feature names, a subnormal
// deviation (NaN probabilities, exit 0), a label named like a feature.
func TestRoundThreeModelReader(t *testing.T) {
	good := `{"format":"nnfromscratch model","version":2,"sizes":[2,3],"weights":[[1,2,3,4,5,6]],"biases":[[0,0,0]],"features":["a","b"],"classes":["x","y","z"],"label":{"column":3,"name":"kind"},"standardize":{"mean":[0,0],"std":[1,1]}}`
	for _, ok := range []string{good, good + "\n", " " + good + " \r\n\t"} {
		if _, err := ReadModel(strings.NewReader(ok), "m.json"); err != nil {
			t.Fatalf("a good model: %v", err)
		}
	}
	for _, tc := range []struct{ name, in, want string }{
		{"a null weight", strings.Replace(good, "[1,2,3,4,5,6]", "[1,null,3,4,5,6]", 1), "m.json is not a valid model file: weights[0][1] is null"},
		{"a null bias", strings.Replace(good, "[0,0,0]", "[0,0,null]", 1), "biases[0][2] is null"},
		{"null biases", strings.Replace(good, "[[0,0,0]]", "null", 1), "biases is null"},
		{"a null mean", strings.Replace(good, `"mean":[0,0]`, `"mean":[0,null]`, 1), "standardize.mean[1] is null"},
		{"a null label", strings.Replace(good, `{"column":3,"name":"kind"}`, "null", 1), "label is null"},
		{"bytes after", good + "garbage", fmt.Sprintf(`after its JSON object (byte %d) come 7 bytes more, starting "garbage"`, len(good))},
		{"a second object", good + good, fmt.Sprintf("come %d bytes more", len(good))},
		{"a class twice", strings.Replace(good, `"x","y","z"`, `"x","y","x"`, 1), `classes[0] and classes[2] are both "x"`},
		{"a feature twice", strings.Replace(good, `["a","b"]`, `["b","b"]`, 1), `features[0] and features[1] are both "b"`},
		{"a label named like a feature", strings.Replace(good, `"name":"kind"`, `"name":"a"`, 1), `label.name "a" is also the name of a feature`},
		{"a subnormal deviation", strings.Replace(good, `"std":[1,1]`, `"std":[1,1e-320]`, 1), "standardize.std[1] is 1e-320"},
	} {
		if _, err := ReadModel(strings.NewReader(tc.in), "m.json"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want %q", tc.name, err, tc.want)
		}
	}
	// through the command line: the NaN probabilities of a deviation of 1e-320 never get printed
	dir := t.TempDir()
	os.WriteFile(dir+"/m.json", []byte(strings.Replace(good, `"std":[1,1]`, `"std":[1e-320,1]`, 1)), 0o644)
	os.WriteFile(dir+"/rows.csv", []byte("a,b\n1,2\n"), 0o644)
	oneLine(t, []string{"-load", dir + "/m.json", "-predict", dir + "/rows.csv"}, 1, "standardize.std[0] is 1e-320")
}

// Old Mac line ends are read; UTF-16 and columns separated by semicolons or tabs are refused with what
// to do. Catches: CR not taken for a line end ("has a header but no data rows"); UTF-16 judged as
// UTF-8 (Latin-1 advice, or garbled fields); no separator hint ("has 1 column").
func TestRoundThreeTextProblems(t *testing.T) {
	ds, err := readCSVString(t, "a,b,label\r1,2,x\r3,4,y\r5,6,x\r", -1)
	if err != nil || ds.X.rows != 3 || fmt.Sprint(ds.Classes) != "[x y]" || fmt.Sprint(ds.Features) != "[a b]" {
		t.Errorf("CR line ends: %v, %v", err, ds)
	}
	_, err = readCSVString(t, "a,b,label\r1,2,x\r3,oops,y\r", -1)
	if err == nil || !strings.Contains(err.Error(), "test.csv line 3, column 2 (b)") {
		t.Errorf("CR line ends: %v; want line 3 named", err)
	}
	text := "a,b,label\n1,2,x\n3,4,y\n"
	utf16 := func(bigEndian bool) []byte {
		var b []byte
		for _, c := range []byte(text) {
			if bigEndian {
				b = append(b, 0, c)
			} else {
				b = append(b, c, 0)
			}
		}
		return b
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"UTF-16 with a byte-order mark", append([]byte{0xff, 0xfe}, utf16(false)...), "test.csv is UTF-16 text, and this program reads UTF-8: convert it first, for example iconv -f utf-16 -t utf-8"},
		{"UTF-16 big-endian with a mark", append([]byte{0xfe, 0xff}, utf16(true)...), "iconv -f utf-16 -t utf-8"},
		{"UTF-16 little-endian", utf16(false), "test.csv is UTF-16LE text, and this program reads UTF-8: convert it first, for example iconv -f utf-16le -t utf-8"},
		{"UTF-16 big-endian", utf16(true), "iconv -f utf-16be -t utf-8"},
		{"semicolons", []byte("a;b;label\n1;2;x\n3;4;y\n"), "test.csv line 1 is one field with 2 semicolons in it: columns must be separated by commas"},
		{"semicolons and decimal commas", []byte("a;b;label\n1,5;2;x\n"), "tr ';' ','"},
		{"tabs", []byte("a\tb\tlabel\n1\t2\tx\n"), "test.csv line 1 is one field with 2 tabs in it"},
		{"a semicolon in a field", []byte("a,b,label\n1,2;3,x\n"), `"2;3" is not a finite number: columns are separated by commas, not semicolons or tabs`},
		{"a NUL byte", []byte(text + "1,\x00,x\n"), "test.csv line 4, column 3: a NUL byte (0x00)"},
	} {
		_, err := readCSVString(t, string(tc.in), -1)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want %q", tc.name, err, tc.want)
		}
	}
}

// Standardization's sums stay in float64's range (FitStandardizer): deviations near 1e160 (squares near
// 1e320) and near 1e-170 (squares 0), and a column whose sum overflows (1.5e308 twice), give the true mean
// and deviation; a column whose values lie further apart than a float64 holds is refused, by name.
// Catches: the plain sums (std +Inf, which -save cannot write; std 0 taken for a constant column; mean
// +Inf), and no span check (NaN everywhere after -standardize).
func TestRoundThreeStandardizingHugeAndTinyFeatures(t *testing.T) {
	x := m(r(1e160, 1e-170, 1.5e308), r(-1e160, -1e-170, 1.5e308), r(1e160, 1e-170, 1.5e308), r(-1e160, -1e-170, 1.5e308))
	st := FitStandardizer(x)
	for j, want := range []struct{ mean, std float64 }{{0, 1e160}, {0, 1e-170}, {1.5e308, 1}} {
		if st.Mean[j] != want.mean || math.Abs(st.Std[j]-want.std) > 1e-15*want.std {
			t.Errorf("column %d: mean %v, std %v; want %v and %v", j+1, st.Mean[j], st.Std[j], want.mean, want.std)
		}
	}
	if z := st.Apply(x); math.Abs(z.At(0, 0)-1) > 1e-15 || math.Abs(z.At(1, 1)+1) > 1e-15 || z.At(0, 2) != 0 {
		t.Errorf("standardized rows %v; want ±1 in the first two columns and 0 in the third", z)
	}
	_, err := readCSVString(t, "a,b,label\n1,-1.7e308,x\n2,1.7e308,y\n", -1)
	if want := "test.csv column 2 (b): values from -1.7e+308 to 1.7e+308 lie further apart than a float64 can hold"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a column spanning more than float64: %v; want %q", err, want)
	}
	// the command line: ±1e160 features train, save and load with -standardize
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("big,small,label\n")
	for i := 0; i < 40; i++ {
		sign := float64(1 - 2*(i%2))
		fmt.Fprintf(&b, "%g,%g,%d\n", sign*float64(1+i%3)*1e160, float64(i%5), i%2)
	}
	os.WriteFile(dir+"/big.csv", []byte(b.String()), 0o644)
	if code, _, stderr := runArgs("-data", dir+"/big.csv", "-standardize", "-steps", "20", "-save", dir+"/m.json"); code != 0 {
		t.Fatalf("±1e160 features with -standardize: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runArgs("-load", dir+"/m.json", "-predict", dir+"/big.csv"); code != 0 {
		t.Errorf("predicting with the saved model: exit %d, %s", code, stderr)
	}
}

// No message repeats a user's text at length or over lines: a 10 MB field, a name with a newline, a
// 10 MB class and a 10 MB model field each give one short line. Catches: %q or %s of the text itself.
func TestRoundThreeMessagesQuoteBriefly(t *testing.T) {
	huge := strings.Repeat("9x", 5<<20) // 10 MB
	cut := strconv.Quote(huge[:maxQuoted]) + "…"
	short := func(what string, err error, want string) {
		t.Helper()
		if err == nil || len(err.Error()) > 600 || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), want) {
			msg := fmt.Sprint(err)
			if len(msg) > 300 {
				msg = msg[:300] + fmt.Sprintf("… (%d bytes)", len(msg))
			}
			t.Errorf("%s: %q; want one short line containing %q", what, msg, want)
		}
	}
	_, err := readCSVString(t, "a,b,label\n1,"+huge+",x\n3,4,y\n", -1)
	short("a 10 MB field", err, "column 2 (b): "+cut+" is not a finite number")
	_, err = readCSVString(t, "\"a\nb\",c,label\n1,2,x\n3,oops,y\n", -1)
	short("a header with a newline, then a bad number", err, "test.csv line 4, column 2 (c)")
	_, err = readCSVString(t, "\"a\nb\",c,label\noops,2,x\n3,4,y\n", -1)
	short("a bad number under a name with a newline", err, `line 3, column 1 ("a\nb"): "oops"`)
	_, err = readCSVString(t, "\"a\nb\",\"a\nb\",label\n1,2,x\n3,4,y\n", -1)
	short("a repeated name with a newline", err, `columns 1 and 2 are both named "a\nb"`)
	_, err = readCSVString(t, "a,"+huge+"\n1,x\n2,x\n", -1)
	short("a 10 MB name of the label column", err, `every row has the label "x" (column 2, `+cut+")")
	_, err = readCSVString(t, "a,label\n1,"+huge+"\n2,"+huge+"\n", -1)
	short("a 10 MB class, the only one", err, "every row has the label "+cut+" (column 2, label)")
	model := `{"format":"nnfromscratch model","version":2,"sizes":[1,2],"weights":[[1,2]],"biases":[[0,0]],"features":["a"],"classes":["x","y"],"label":{"column":2,"name":"label"}}`
	_, err = ReadModel(strings.NewReader(strings.Replace(model, `"nnfromscratch model"`, `"`+huge+`"`, 1)), "m.json")
	short("a 10 MB format", err, "format "+cut+" version 2")
	_, err = ReadModel(strings.NewReader(strings.Replace(model, `"sizes"`, `"`+huge+`":1,"sizes"`, 1)), "m.json")
	short("a 10 MB unknown field", err, `json: unknown field "9x9x`)
	_, err = ReadModel(strings.NewReader(model+huge), "m.json")
	short("10 MB after the object", err, "come 10485760 bytes more")
	// a label that is not a class, at -predict
	dir := t.TempDir()
	os.WriteFile(dir+"/m.json", []byte(model), 0o644)
	os.WriteFile(dir+"/rows.csv", []byte("a,label\n1,"+huge+"\n"), 0o644)
	_, _, stderr := runArgs("-load", dir+"/m.json", "-predict", dir+"/rows.csv")
	if len(stderr) > 600 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "label "+cut+" is not one of the model's classes (x, y)") {
		t.Errorf("a 10 MB label at -predict: %d bytes of stderr, %d lines", len(stderr), strings.Count(stderr, "\n"))
	}
}

// ---------------------------------------------------------------------------------------------------
// Round three, the command line: numbers read as the post's Python reads them, empty names refused,
// outputs that are inputs refused, nothing made on disk before every check passes, interrupted writes
// cleaned up, owners kept, work bounded, and messages a learner can act on.

// Numbers are decimal: 010 is ten (the flag package alone reads it as octal 8) and 0x10 is refused.
// (Catches: -seed 010 silently training with seed 8.)
func TestRoundThreeNumbersAreDecimal(t *testing.T) {
	_, ten, _ := runArgs("-observations", "20", "-seed", "10", "-steps", "3", "-every", "1")
	if _, got, _ := runArgs("-observations", "20", "-seed", "010", "-steps", "3", "-every", "1"); got != ten || ten == "" {
		t.Errorf("-seed 010 printed\n%s\nwhile -seed 10 printed\n%s", got, ten)
	}
	if _, got, _ := runArgs("-observations", "20", "-steps", "010", "-every", "1"); strings.Count(got, "Loss at step") != 10 {
		t.Errorf("-steps 010 took %d steps; want ten:\n%s", strings.Count(got, "Loss at step"), got)
	}
	for _, args := range [][]string{{"-seed", "0x10"}, {"-steps", "0x10"}, {"-observations", "1e3"}, {"-hidden", "0x10"}} {
		oneLine(t, args, 2, "invalid value "+strconv.Quote(args[1])+" for flag "+args[0])
	}
}

// A flag that names a file, a folder or an address may not be given empty, and "-" is standard input
// only for the two files that are read. (Catches: -save "" silently saving nothing; -plot - making a
// folder named "-".)
func TestRoundThreeEmptyNamesAreRefused(t *testing.T) {
	for _, tc := range [][]string{{"-data", ""}, {"-save", ""}, {"-plot", ""}, {"-serve", ""}, {"-save", "-"}, {"-plot", "-"}, {"-load", "-", "-predict", "x.csv"}} {
		oneLine(t, tc, 2, "for flag "+tc[0]+": want")
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error("a file or folder named - was made")
	}
}

// No output may be an input or another output of the same run: -save onto the -data file (through a
// link too) or onto one of -plot's pictures is refused, and the file is left as it was. (Catches: the
// user's data set overwritten with a model.)
func TestRoundThreeOutputsAreNotInputs(t *testing.T) {
	dir := t.TempDir()
	data := dir + "/iris.csv"
	b, _ := os.ReadFile("testdata/iris.csv")
	os.WriteFile(data, b, 0o644)
	os.Symlink("iris.csv", dir+"/link.csv")
	os.Link(data, dir+"/hard.csv")
	for _, save := range []string{data, dir + "/link.csv", dir + "/hard.csv", dir + "/./iris.csv"} {
		oneLine(t, []string{"-data", data, "-steps", "1", "-save", save}, 2, "it is the same file as -data "+data)
	}
	oneLine(t, []string{"-data", dir + "/link.csv", "-steps", "1", "-save", data}, 2, "it is the same file as -data")
	os.Mkdir(dir+"/pics", 0o755)
	oneLine(t, []string{"-observations", "20", "-steps", "1", "-plot", dir + "/pics", "-save", dir + "/pics/regions.svg"}, 2, "it is the same file as -save")
	if after, _ := os.ReadFile(data); !bytes.Equal(after, b) {
		t.Error("the data file was changed")
	}
}

// A refused run changes nothing on disk: a missing -plot folder is made only when the first picture is
// written, so a run refused for a bad -plot-features, or for a -plot folder inside a file, leaves no
// folder behind. (Catches: the folder made before the checks.)
func TestRoundThreeNothingMadeBeforeTheChecks(t *testing.T) {
	dir := t.TempDir()
	oneLine(t, []string{"-data", "testdata/iris.csv", "-plot", dir + "/new/pics", "-plot-features", "9,1"}, 2, "the data have no feature 9")
	if _, err := os.Stat(dir + "/new"); err == nil {
		t.Error("a refused run made the -plot folder")
	}
	os.WriteFile(dir+"/afile", nil, 0o644)
	oneLine(t, []string{"-observations", "10", "-plot", dir + "/afile/pics"}, 1, "cannot make the folder: "+dir+"/afile is a file")
	if code, _, stderr := runArgs("-observations", "10", "-steps", "2", "-plot", dir+"/new/pics"); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(dir + "/new/pics/loss.svg"); err != nil {
		t.Error("a missing -plot folder was not made when the pictures were written")
	}
}

// A write that fails part way removes its temporary file and leaves the old file as it was. The test
// runs itself as the program under a file-size limit of 1000 bytes (RLIMIT_FSIZE, which holds for root
// too; Go ignores SIGXFSZ, so the write returns EFBIG): -save's model of iris, about 2 KB, cannot be
// written. (Catches: a failed write leaving its temporary file behind, or the old model overwritten.)
func TestRoundThreeFailedWriteLeavesNothing(t *testing.T) {
	if target := os.Getenv("NN_SAVE_UNDER_A_LIMIT"); target != "" {
		var limit syscall.Rlimit
		syscall.Getrlimit(syscall.RLIMIT_FSIZE, &limit)
		limit.Cur = 1000
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
			os.Exit(5)
		}
		os.Exit(run([]string{"-data", "testdata/iris.csv", "-steps", "1", "-save", target}, nil, io.Discard, os.Stderr))
	}
	dir := t.TempDir()
	target := dir + "/model.json"
	os.WriteFile(target, []byte("old"), 0o644)
	cmd := exec.Command(os.Args[0], "-test.run=^TestRoundThreeFailedWriteLeavesNothing$")
	cmd.Env = append(os.Environ(), "NN_SAVE_UNDER_A_LIMIT="+target)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if e, ok := err.(*exec.ExitError); ok {
		code = e.ExitCode()
	}
	entries, _ := os.ReadDir(dir)
	if b, _ := os.ReadFile(target); code != 1 || len(entries) != 1 || string(b) != "old" || !strings.Contains(stderr.String(), "cannot write "+target) {
		t.Errorf("-save under a 1000-byte file limit: exit %d, %d files left (%v), target %q, stderr %q; want exit 1, only the old file, and a line saying so",
			code, len(entries), entries, b, stderr.String())
	}
}

// SIGINT or SIGTERM while a file is written removes the temporary file, leaves the old file as it was,
// says so in one line, and ends with 128 + the signal's number. The test runs itself as the program, with
// a write that waits, and signals it. (Catches: a half-written temporary file left beside the target.)
func TestRoundThreeInterruptedWrite(t *testing.T) {
	if os.Getenv("NN_WRITE_AND_WAIT") != "" {
		out, err := checkOutput(os.Getenv("NN_WRITE_AND_WAIT"), "")
		if err != nil {
			os.Exit(3)
		}
		writeFileAtomic(out, func(w io.Writer) error {
			io.WriteString(w, "half")
			fmt.Println("writing")
			time.Sleep(20 * time.Second)
			return nil
		})
		os.Exit(4)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		dir := t.TempDir()
		target := dir + "/model.json"
		os.WriteFile(target, []byte("old"), 0o644)
		cmd := exec.Command(os.Args[0], "-test.run=^TestRoundThreeInterruptedWrite$")
		cmd.Env = append(os.Environ(), "NN_WRITE_AND_WAIT="+target)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		bufio.NewReader(stdout).ReadString('\n') // "writing": the temporary file is there
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		code := -1
		if e, ok := err.(*exec.ExitError); ok {
			code = e.ExitCode()
		}
		entries, _ := os.ReadDir(dir)
		if b, _ := os.ReadFile(target); code != 128+int(sig) || len(entries) != 1 || string(b) != "old" || !strings.Contains(stderr.String(), "interrupted") {
			t.Errorf("%v during a write: exit %d, %d files left (%v), target %q, stderr %q; want exit %d, only the old file, and a line saying so",
				sig, code, len(entries), entries, b, stderr.String(), 128+int(sig))
		}
	}
}

// Saving over another user's file, as root, keeps its owner; as anyone else it is refused up front.
// (Catches: the saved file given a new owner.)
func TestRoundThreeOwnerKept(t *testing.T) {
	dir := t.TempDir()
	target := dir + "/theirs.json"
	os.WriteFile(target, []byte("old"), 0o644)
	os.Chmod(target, 0o666)
	if err := os.Chown(target, 4242, 4343); err != nil {
		t.Skip("cannot give a file to another user here (not root):", err)
	}
	os.Chmod(dir, 0o777)
	if code, _, stderr := runArgs("-data", "testdata/iris.csv", "-steps", "1", "-save", target); code != 0 {
		t.Fatal(stderr)
	}
	fi, _ := os.Stat(target)
	if uid, gid := owner(fi); uid != 4242 || gid != 4343 || fi.Mode().Perm() != 0o666 {
		t.Errorf("after -save the file belongs to %d:%d, mode %v; want 4242:4343 and 0666 kept", uid, gid, fi.Mode().Perm())
	}
}

// Long work is bounded: the gradient check samples at most maxGradChecks entries of a big array and says
// so; a picture of data with very many features costs what one of two does, because the other features'
// share of the first layer is folded into its bias (Network.OnPlane) — which gives the very
// probabilities the whole network gives rows whose other features sit at the means. (Catches: -gradcheck
// -hidden 1000 checking 6000 entries; regions predicted on rows of every feature.)
func TestRoundThreeWorkIsBounded(t *testing.T) {
	code, stdout, stderr := runArgs("-gradcheck", "-hidden", "1000", "-observations", "10")
	if code != 0 || !strings.Contains(stdout, "(100 entries checked of 2000, an even sample") || !strings.Contains(stdout, "(100 entries checked of 3000, an even sample") {
		t.Errorf("-gradcheck -hidden 1000: exit %d\n%s%s", code, stdout, stderr)
	}
	// OnPlane by hand: 3 inputs, features 0 and 2 on the plane, feature 1 held at 5, scaled by
	// (x − mean)/std with mean 1, std 2: the unit sees w·(x−1)/2 for each input. With w = (1, 3, −2) and
	// bias 0.5: on the plane (x0, x2) the input is (x0 − 1)/2 + 3·(5 − 1)/2 − 2·(x2 − 1)/2 + 0.5
	// = 0.5·x0 − x2 + 6.5 + 0.5 − 0.5 = 0.5·x0 − 1·x2 + 6.5 (the −0.5 and +1 of the two shifts: −0.5 + 1 = 0.5)
	net := &Network{W: []*Matrix{m(r(1), r(3), r(-2))}, B: []*Matrix{m(r(0.5))}}
	st := &Standardizer{Mean: []float64{1, 1, 1}, Std: []float64{2, 2, 2}}
	p := net.OnPlane(0, 2, []float64{0, 5, 0}, st)
	if got := fmt.Sprint(p.W[0].data, p.B[0].data); got != "[0.5 -1] [7]" {
		t.Errorf("OnPlane: weights and bias %s; want [0.5 -1] [7] (0.5·x0 − x2 − 0.5 + 1 + 6 + 0.5)", got)
	}
	// and on a real network: the same probabilities as the whole network, to rounding
	g := lcg(3)
	big := NewNetwork([]int{6, 4, 3}, g.matrix)
	means := []float64{0.3, -1, 2, 0.5, 7, -3}
	full := NewMatrix(1, 6)
	copy(full.data, means)
	full.data[1], full.data[4] = 0.25, -0.75
	want := big.Predict(st6(full))
	got := big.OnPlane(1, 4, means, st6std).Predict(m(r(0.25, -0.75)))
	for k := range want.data {
		if math.Abs(got.data[k]-want.data[k]) > 1e-12 {
			t.Errorf("OnPlane's probabilities %v; the whole network's %v", got.data, want.data)
			break
		}
	}
}

var st6std = &Standardizer{Mean: []float64{1, 2, 3, 4, 5, 6}, Std: []float64{0.5, 1, 2, 4, 8, 16}}

func st6(x *Matrix) *Matrix { return st6std.Apply(x) }

// Messages a learner can act on, each one line naming what is wrong and what is accepted. (Catches: a message
// that names a Go type or an errno, a true/false flag's value taken as an argument without saying how to give
// it, a preset's value blamed on the user.)
func TestRoundThreeMessages(t *testing.T) {
	dir := t.TempDir()
	os.Symlink("loop2", dir+"/loop1")
	os.Symlink("loop1", dir+"/loop2")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-nosuchflag"}, 2, "there is no flag \"-nosuchflag\" (go run . -h lists them)"},
		{[]string{"-standardize=maybe"}, 2, `invalid value "maybe" for flag -standardize: want -standardize alone, or -standardize=true or -standardize=false`},
		{[]string{"-observations", "20", "-standardize", "false"}, 2, `unexpected argument "false": a true/false flag takes its value after =, as in -standardize=false`},
		{[]string{"-observations", "20", "-standardize", "true"}, 2, `unexpected argument "true": a true/false flag takes its value after =, as in -standardize=true`}, // (Catches: the hint given for "false" only)
		{[]string{"-preset", "tensorflow", "-observations", "10"}, 2, "-batch 100 (from -preset tensorflow) is larger than the 27 training rows"},
		{[]string{"-data", "testdata/iris.csv", "-save", dir + "/loop1"}, 1, "too many symbolic links"},
		{[]string{"-hidden", strings.Repeat("5,", 60000) + "x"}, 2, `invalid value "5,5,5,5,`},
		{[]string{"-load", "testdata/iris.csv", "-predict", "testdata/iris.csv"}, 1, "testdata/iris.csv is not a model file written by -save"},
	} {
		failsWith(t, tc.args, tc.code, tc.want)
		if _, _, e := runArgs(tc.args...); len(e) > 400 {
			t.Errorf("%.40v: a message of %d bytes; want a short one", tc.args, len(e))
		}
	}
	// a flag ignored is not then checked: -plot-features without -plot or -serve only warns
	if code, _, stderr := runArgs("-observations", "10", "-steps", "1", "-plot-features", "7,8"); code != 0 || !strings.Contains(stderr, "ignoring -plot-features: it chooses what -plot and -serve draw") {
		t.Errorf("-plot-features without -plot: exit %d, %q", code, stderr)
	}
	// a plain file is a file, and /dev/stdout into a pipe a named pipe, not a special file or a /proc path
	cmd := exec.Command(os.Args[0], "-test.run=^TestRoundThreeSaveToStdout$")
	cmd.Env = append(os.Environ(), "NN_SAVE_TO_STDOUT=1")
	out, _ := cmd.CombinedOutput()
	if !bytes.Contains(out, []byte("cannot write /dev/stdout: it is a named pipe (FIFO), not a regular file")) {
		t.Errorf("-save /dev/stdout into a pipe: %s", out)
	}
}

// TestRoundThreeSaveToStdout is run by TestRoundThreeMessages as a program whose standard output is a pipe.
// (Catches: -save /dev/stdout into a pipe accepted, mixing the model into the output.)
func TestRoundThreeSaveToStdout(t *testing.T) {
	if os.Getenv("NN_SAVE_TO_STDOUT") == "" {
		t.Skip("run by TestRoundThreeMessages")
	}
	_, _, stderr := runArgs("-data", "testdata/iris.csv", "-save", "/dev/stdout")
	fmt.Fprint(os.Stderr, stderr)
}

// ---------------------------------------------------------------------------------------------------
// Who moved this weight: every row's vote on a gradient.

// seq returns 0, 1, …, n−1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// For the post's run at steps 0 and 1000, every parameter's data part is exactly the sum of the rows'
// votes (Step.Votes), added as the step adds its sums over rows. By hand, the vote of row n on W[l][i][j]
// is input[n][i]·δ[n][j], and on a bias δ[n][j]: post, np.dot(hidden_layer.T, output_error_signal) =
// Σₙ hidden_layer[n]ᵀ·output_error_signal[n]. (Catches: a class's votes dropped, a row counted twice, a
// vote of another unit's δ.)
func TestVotesAddUpToTheGradient(t *testing.T) {
	train, _, net := postSetup(t)
	steps := []int{0, 1000}
	if testing.Short() { // the full check is the long tests'; here a few steps on the first 2000 rows
		train, steps = train.Subset(seq(2000)), []int{0, 30}
	}
	tr := NewTrainer(net, train.X, train.Y, Config{LearningRate: 0.01, RegLambda: 0.01})
	for _, step := range steps {
		for tr.Done < step {
			tr.Next(false)
		}
		s := NewStep(net.Sizes(), train.X.rows)
		s.X, s.Y = *train.X, *train.Y
		s.Run(net.Clone(), tr.Cfg, true)
		for l := range net.W {
			for i := 0; i < net.W[l].rows; i++ {
				for j := 0; j < net.W[l].cols; j++ {
					if _, sum := s.Votes(l, i, j, false); sum != s.DataGradW[l].At(i, j) {
						t.Errorf("step %d, W%d[%d][%d]: the votes add up to %v; the data part is %v", step, l+1, i, j, sum, s.DataGradW[l].At(i, j))
					}
				}
			}
			for j := 0; j < net.B[l].cols; j++ {
				terms, sum := s.Votes(l, 0, j, true)
				if sum != s.GradB[l].At(0, j) || len(terms) != train.X.rows {
					t.Errorf("step %d, b%d[%d]: %d votes adding up to %v; the gradient is %v", step, l+1, j, len(terms), sum, s.GradB[l].At(0, j))
				}
			}
		}
	}
	// the command line: a layer-1 weight's zero votes are the rows whose unit is off
	code, stdout, stderr := runArgs("-votes", "W1[1][2]", "-observations", "300")
	if code != 0 || !strings.Contains(stdout, "are the data part to the bit") || !regexp.MustCompile(`(\d+) rows vote 0, (\d+) of them because unit h3 is off`).MatchString(stdout) {
		t.Errorf("-votes W1[1][2]: exit %d\n%s%s", code, stdout, stderr)
	}
	oneLine(t, []string{"-votes", "W3[0][0]"}, 2, "for flag -votes: want a weight W1[i][j] … W2[i][j]")
	oneLine(t, []string{"-votes", "b1[0]", "-save", "x.json"}, 2, "-votes looks at one step and stops")
}

// postData300 is the data of `-observations 300`: 3·300 = 900 rows, split as the program splits them
// (seed 12), and the RandomState as it stands after the data, for the starting weights.
func postData300(t *testing.T) (train *Dataset, rng *RandomState) {
	t.Helper()
	rng = NewRandomState(12)
	ds := PostData(rng, 300, func(string) {})
	trainIdx, _, err := TrainTestSplit(900, 0.1, 12)
	if err != nil {
		t.Fatal(err)
	}
	return ds.Subset(trainIdx), rng
}

// -votes names a parameter of the network it trains; on the post's 2 → 5 → 3 the last of each index is
// accepted and one past it is a usage error: W1 is [2 x 5] (i ≤ 1, j ≤ 4), b1 [1 x 5] (j ≤ 4), W2 [5 x 3]
// (i ≤ 4, j ≤ 2), b2 [1 x 3] (j ≤ 2). (Catches: j == the layer's size accepted — W1[0][5] reading past the
// row —, the same for i or a bias.)
func TestVotesIndexBounds(t *testing.T) {
	tiny := []string{"-observations", "30", "-steps", "1"}
	for _, name := range []string{"W1[0][4]", "W1[1][0]", "b1[4]", "W2[4][2]", "b2[2]"} {
		if code, _, stderr := runArgs(append([]string{"-votes", name}, tiny...)...); code != 0 {
			t.Errorf("-votes %s: exit %d, %s; want it accepted (the last unit of its layer)", name, code, stderr)
		}
	}
	for _, name := range []string{"W1[0][5]", "b1[5]", "W1[2][0]", "W2[5][0]", "W2[4][3]", "b2[3]"} {
		oneLine(t, append([]string{"-votes", name}, tiny...), 2, fmt.Sprintf(`invalid value %q for flag -votes: want a weight W1[i][j]`, name))
	}
}

// votesRow matches one of -votes' listed rows: "row R (x1, x2; class k): vote".
var votesRow = regexp.MustCompile(`(?m)^    row (\d+) \(([^,]+), ([^;]+); class (\d+)\): `)

// With minibatches, -votes lists each row by its number in the training set and with that row's own
// features and class. -observations 300 is 900 rows; the test takes ⌈0.1·900⌉ = 90, leaving N = 810 to
// train on. -batch 100 -steps 3 looks at step 3, whose batch starts at BatchOffset = step·batch mod
// (N − batch) = 300 mod 710 = 300: rows 300 … 399. Every listed row R must lie there and show raw training
// row R. (Catches: the features of the batch's row n printed for row first+n — the minibatch offset dropped,
// which the full batch, first = 0, hides.)
func TestVotesRowsAreTheBatchsOwn(t *testing.T) {
	code, stdout, stderr := runArgs("-votes", "W1[0][0]", "-observations", "300", "-batch", "100", "-steps", "3")
	if code != 0 || !strings.Contains(stdout, "(100 rows from row 300)") {
		t.Fatalf("exit %d; want the batch of 100 rows from row 300\n%s%s", code, stdout, stderr)
	}
	train, _ := postData300(t)
	rows := votesRow.FindAllStringSubmatch(stdout, -1)
	if len(rows) < 5 {
		t.Fatalf("%d rows listed; want at least the 5 pushing it up most\n%s", len(rows), stdout)
	}
	for _, m := range rows {
		n, _ := strconv.Atoi(m[1])
		x := parseFloats(t, m[2], m[3])
		k, _ := strconv.Atoi(m[4])
		if n < 300 || n >= 400 {
			t.Errorf("row %d listed; the batch is rows 300 … 399", n)
			continue
		}
		if x[0] != train.X.At(n, 0) || x[1] != train.X.At(n, 1) || k != argmax(train.Y.Row(n)) {
			t.Errorf("row %d shown as (%v, %v; class %d); training row %d is (%v, %v; class %d)", n, x[0], x[1], k, n, train.X.At(n, 0), train.X.At(n, 1), argmax(train.Y.Row(n)))
		}
	}
}

// -votes on a layer-1 weight counts the rows whose ReLU unit is off: at step 0 (the full batch, the starting
// weights, b1 = 0) unit h3's value for row n is max(0, x₁·W1[0][2] + x₂·W1[1][2]), off — exactly 0 — where
// that sum is ≤ 0; the test counts those rows itself, from the data and the post's starting W1 (the draws
// after the data and the 50 discarded), and wants the printed count to be that number, and above 0 so that
// it cannot agree by both being 0. (Catches: off counted as hidden < 0, which a ReLU's output never is, so
// that no row is ever said to be off.)
func TestVotesCountTheRowsWhoseUnitIsOff(t *testing.T) {
	train, rng := postData300(t)
	for i := 0; i < discardedWeightDraws; i++ {
		rng.NormFloat64()
	}
	net := NewNetwork([]int{2, 5, 3}, rng.NormalMatrix)
	off := 0
	for n := 0; n < train.X.rows; n++ {
		if train.X.At(n, 0)*net.W[0].At(0, 2)+train.X.At(n, 1)*net.W[0].At(1, 2) <= 0 {
			off++
		}
	}
	code, stdout, stderr := runArgs("-votes", "W1[1][2]", "-observations", "300", "-steps", "0")
	m := regexp.MustCompile(`(\d+) rows vote 0, (\d+) of them because unit h3 is off`).FindStringSubmatch(stdout)
	if code != 0 || m == nil {
		t.Fatalf("-votes W1[1][2]: exit %d\n%s%s", code, stdout, stderr)
	}
	if m[2] != strconv.Itoa(off) || off == 0 {
		t.Errorf("-votes W1[1][2] at step 0: %s rows said to be off for h3; %d training rows have h3 = 0 (want more than 0)", m[2], off)
	}
}

// -votes on an output bias lists five rows each way, and on a second-layer weight counts every zero vote
// as its input unit being off. By hand: row n's vote on b2[0] is p₀ − y₀ (output_error_signal before the
// 1/N), below 0 for the rows of class 0 (p₀ < 1) and above 0 for the others (p₀ > 0) — about 270 each way
// of the 810 rows, so both lists hold their five. Row n's vote on W2[3][0] is hidden_layer[n][3] times
// p₀ − y₀, which is never 0; so it is 0 exactly where unit h4 (index 3) is off, and the "N rows vote 0" and
// the "M because the unit it comes from, h4, is off" must be the same number (and, for the test to mean
// something, not 0). And -steps given says the step: -votes is at step 0 only by default ("at step -steps
// (default 0)"). (Catches: the down list cut to four; the off count taken at unit j of the layer below
// instead of unit i; an explicit -steps overridden by -votes' default 0.)
func TestVotesListsAndCounts(t *testing.T) {
	if _, stdout, _ := runArgs("-votes", "b2[0]", "-observations", "5", "-steps", "3"); !strings.Contains(stdout, "Votes on b2[0] at step 3:") {
		t.Errorf("-votes b2[0] -steps 3: want the votes at step 3\n%s", stdout)
	}
	_, stdout, _ := runArgs("-votes", "b2[0]", "-observations", "300")
	for _, side := range []string{"up most", "down most"} {
		_, after, _ := strings.Cut(stdout, "the rows pushing it "+side+":\n")
		rows := 0
		for _, line := range strings.Split(after, "\n") {
			if !strings.HasPrefix(line, "    row ") {
				break
			}
			rows++
		}
		if rows != 5 {
			t.Errorf("-votes b2[0]: %d rows pushing it %s; want 5\n%s", rows, side, stdout)
		}
	}
	_, stdout, _ = runArgs("-votes", "W2[3][0]", "-observations", "300")
	m := regexp.MustCompile(`(\d+) rows vote 0, (\d+) because the unit it comes from, h4, is off`).FindStringSubmatch(stdout)
	if m == nil || m[1] != m[2] || m[1] == "0" {
		t.Errorf("-votes W2[3][0]: %v; want N rows vote 0, N because h4 is off, N > 0\n%s", m, stdout)
	}
}

// ---------------------------------------------------------------------------------------------------
// -check: a learner's port of the post, value by value.

// said is a phrase a -check report must hold, and the diagnosis (a name in inputDiagnoses) or slip (in
// portSlips) that says it; need "" when no one entry of those lists does.
type said struct{ need, phrase string }

// portFixtures are the ports numpy wrote (testdata/check/make_fixtures.py: the post's code, faithful or
// with one slip, saved by the issue's line), each run as `-observations 10 [args] -check FILE`. The first
// differences are numpy's: the builder's comparison of each file with the faithful port (notes, and
// TestCheckFixturesAgainstThisProgram), and for the JSON slips the same comparison in numpy. The phrases
// are worked by hand from the slip's definition and the run's sizes: 27 training rows (30 points, 3 held
// out), 3 classes, W1 of 2·5 = 10 draws after 50 discarded (so draws 51 to 60), W2 the 15 after it.
var portFixtures = []struct {
	file  string
	args  []string
	first string // "" for a faithful port
	says  []said
	fair  bool // the replay on the port's inputs matches every computed value: only an input differs
}{
	{file: "faithful-step0.npz", says: []said{{"", "Ignoring x1, x2, x3, simulated_separableish_features"}}},
	{file: "faithful-step1.npz"},
	{file: "faithful-step3.npz"},
	{file: "faithful-step0.json", says: []said{{"", "Not in your file, so not compared: training_data, training_labels, input_layer"}}},

	// the inputs
	{file: "slip-features-float64.npz", first: "training_data", fair: true, says: []said{{"features as float64", "rounded to float32, yours are ours exactly"}}},
	{file: "slip-weights-cell-once.npz", first: "layer1_weights_array", fair: true, says: []said{
		{"weights cell", "draws 1 to 10 after the data"}, {"weights cell", "Ours are draws 51 to 60"},
		{"weights cell", "draws 11 to 25 after the data"}, {"weights cell", "np.random.normal(0, 1, 50)"}}},
	{file: "slip-rows-other-order.npz", first: "training_data", fair: true, says: []said{
		{"rows in another order", "the same 27 rows in another order"}, {"rows in another order", "the same labels, in the same other order"}}},
	{file: "slip-labels-class-numbers.npz", first: "training_labels", fair: true, says: []said{
		{"class numbers", "yours are class numbers, 0 to 2"}, {"class numbers", "the replay makes yours one-hot"}}},
	{file: "slip-saved-after-update.json", first: "layer1_weights_array", fair: true, says: []said{
		{"after the update", "yours equals ours after this step's update (the post: layer1_weights_array -= learning_rate * gradient_layer1_weights)"},
		{"after the update", "yours equals ours after this step's update (the post: layer2_biases_array -= learning_rate * gradient_layer2_bias)"}}},
	{file: "faithful-step0.npz", args: []string{"-hidden", "4"}, first: "layer1_weights_array", says: []said{
		{"shape", "a layer of 2 → 5 units where this run's is 2 → 4"}, {"shape", "a layer of 5 units where this run's has 4"},
		{"", "the replay could not run on your layer1_weights_array"}}},

	// the arithmetic, in the post's order
	{file: "slip-hidden-no-relu.json", first: "hidden_layer", says: []said{{"hidden layer without the ReLU", "hidden_layer without the ReLU"}}},
	{file: "slip-output-no-bias.json", first: "output_layer", says: []said{{"output layer without its bias", "output_layer without its bias"}}},
	{file: "slip-softmax-axis0.npz", first: "output_probs", says: []said{{"softmax over axis 0", "the softmax normalized over axis 0"}}},
	{file: "slip-softmax-whole-matrix.npz", first: "output_probs", says: []said{{"softmax over the whole matrix", "the softmax normalized over the whole matrix"}}},
	{file: "slip-not-divided-by-n.npz", first: "output_error_signal", says: []said{{"error signal not divided by N", "the output error signal not divided by N = 27"}}},
	{file: "slip-divided-by-classes.npz", first: "output_error_signal", says: []said{{"error signal divided by K", "divided by the number of classes, K = 3"}}},
	{file: "slip-sign-flipped.npz", first: "output_error_signal", says: []said{{"error signal with its sign flipped", "the sign flipped"}}},
	{file: "slip-mask-nothing.npz", first: "error_signal_hidden", says: []said{{"nothing masked", "nothing masked"}}},
	{file: "slip-mask-input-layer.npz", first: "error_signal_hidden", says: []said{{"mask from input_layer", "mask taken from input_layer"}}},
	{file: "slip-w2-not-transposed.json", args: []string{"-hidden", "3"}, first: "error_signal_hidden", says: []said{
		{"weights not transposed", "layer2_weights_array itself where the post has its transpose"}}},
	{file: "slip-updated-w2-first.json", first: "layer2_weights_array", says: []said{
		{"after the update", "yours equals ours after this step's update (the post: layer2_weights_array -= "},
		{"weights above updated first", "layer2_weights_array already updated by this step"}}},
	{file: "slip-w2-from-input-layer.npz", first: "gradient_layer2_weights", says: []said{{"gradient from input_layer", "the gradient computed from input_layer"}}},
	{file: "slip-l2-half.npz", first: "gradient_layer2_weights", says: []said{{"L2 part with ½", "the L2 part 0.5 * reg_lambda * W"}}},
	{file: "slip-l2-missing.json", first: "gradient_layer2_weights", says: []said{{"L2 part missing", "yours equals ours with no L2 part"}}},
	{file: "slip-n-twice.json", first: "gradient_layer2_weights", says: []said{{"divided by N twice", "the gradient divided by N = 27 again"}}},
	{file: "slip-bias-axis1.npz", first: "gradient_layer2_bias", says: []said{{"bias gradient over axis 1", "output_error_signal summed over axis 1"}}},
	{file: "slip-hidden-bias-axis1.json", first: "gradient_layer1_bias", says: []said{{"bias gradient over axis 1", "error_signal_hidden summed over axis 1"}}},
	{file: "slip-bias-no-keepdims.json", first: "gradient_layer2_bias", says: []said{{"bias gradient without keepdims", "without keepdims = True: a 1-d array of 3"}}},
	{file: "slip-l2-on-bias.json", first: "gradient_layer2_bias", says: []said{{"L2 part on the bias", "reg_lambda * bias added to the bias gradient"}}},
	// The JSON has no output_error_signal, so its slip shows first in a gradient, which no slip gives:
	// -check says so and shows the post's lines and ours.
	{file: "slip-not-divided-by-n.json", first: "gradient_layer2_weights", says: []said{
		{"", "none of the 18 slips -check knows gives your value"},
		{"", "the post: gradient_layer2_weights = np.dot(hidden_layer.T, output_error_signal)"},
		{"", "MulTransAInto, then AddScaledInto"}}},
}

// checkPortFixture runs one fixture through -check and returns what is wrong with its report.
func checkPortFixture(c struct {
	file  string
	args  []string
	first string
	says  []said
	fair  bool
}) (problems []string) {
	path := "testdata/check/" + c.file
	code, stdout, stderr := runArgs(append(append([]string{"-observations", "10"}, c.args...), "-check", path)...)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	errs := strings.Split(strings.TrimSpace(stderr), "\n") // the post's covariance warning, then at most one line
	if len(errs) > 2 || !strings.Contains(errs[0], "covariance") {
		problems = append(problems, fmt.Sprintf("stderr %q; want the covariance warning and at most one line", stderr))
	}
	if c.first == "" {
		if code != exitOK || len(errs) != 1 || !strings.HasPrefix(lines[len(lines)-1], "no difference: every value matches the post's run at step ") {
			problems = append(problems, fmt.Sprintf("exit %d, last line %q, stderr %q; want exit 0 and no difference", code, lines[len(lines)-1], stderr))
		}
		if strings.Contains(stdout, "differs") {
			problems = append(problems, "a value differs")
		}
	} else if want := "nn: first difference: " + c.first; code != exitError || errs[len(errs)-1] != want {
		problems = append(problems, fmt.Sprintf("exit %d, stderr ends %q; want exit 1 and %q", code, errs[len(errs)-1], want))
	}
	if _, replay, _ := strings.Cut(stdout, "The step replayed"); c.fair && strings.Contains(replay, "differs") {
		problems = append(problems, "a value of the replay on the port's inputs differs")
	}
	for _, s := range c.says {
		if !strings.Contains(stdout, s.phrase) {
			problems = append(problems, fmt.Sprintf("no %q", s.phrase))
		}
	}
	return problems
}

// -check names a difference by numpy's index of it, row-major as numpy stores arrays (C order): in a
// [2 x 5] array the flat index 7 is row 7 div 5 = 1, column 7 mod 5 = 2, so [1, 2]; in [2 x 3], 1 is [0, 1];
// in a [2 x 3 x 4] array 17 = 1·12 + 1·4 + 1 is [1, 1, 1]; in a vector [3], 2 is [2]. (Catches: the index
// unravelled column-major, first axis fastest — [1, 0] for 1 in [2 x 3] —, which points the learner at
// another entry than the one that differs.)
func TestCheckNamesNumpysIndex(t *testing.T) {
	for _, tc := range []struct {
		i     int
		shape []int
		want  string
	}{{7, []int{2, 5}, "[1, 2]"}, {1, []int{2, 3}, "[0, 1]"}, {17, []int{2, 3, 4}, "[1, 1, 1]"}, {2, []int{3}, "[2]"}} {
		if got := npIndex(tc.i, tc.shape); got != tc.want {
			t.Errorf("npIndex(%d, %v) = %s; want %s", tc.i, tc.shape, got, tc.want)
		}
	}
}

// Every fixture: the faithful ports pass at steps 0, 1 and 3 (and in JSON), each slip fails with its
// first difference and the words of its diagnosis, and only the one line of the verdict reaches stderr.
// (Catches: a slip -check no longer finds, or finds at the wrong array, and a faithful port reported as
// different.)
func TestCheckPortFixtures(t *testing.T) {
	for _, c := range portFixtures {
		if problems := checkPortFixture(c); len(problems) > 0 {
			_, stdout, _ := runArgs(append(append([]string{"-observations", "10"}, c.args...), "-check", "testdata/check/"+c.file)...)
			t.Errorf("-check %s %v:\n  %s\nits report:\n%s", c.file, c.args, strings.Join(problems, "\n  "), stdout)
		}
	}
}

// Each diagnosis and slip is needed: with it deleted from its catalogue, the fixtures that rely on it no
// longer say its words (planted, one at a time); and every one of them has a fixture. (Catches: a diagnosis
// that no fixture exercises, so that its words could drift or vanish unseen.)
func TestCheckPortEachDiagnosisIsNeeded(t *testing.T) {
	relied := map[string]bool{}
	for _, c := range portFixtures {
		for _, s := range c.says {
			relied[s.need] = true
		}
	}
	var names []string
	for _, d := range inputDiagnoses {
		names = append(names, d.name)
	}
	for _, s := range portSlips {
		names = append(names, s.name)
	}
	for _, name := range names {
		if !relied[name] {
			t.Errorf("%q: no fixture relies on it", name)
		}
	}
	diagnoses, slips := inputDiagnoses, portSlips
	defer func() { inputDiagnoses, portSlips = diagnoses, slips }()
	for _, name := range names {
		inputDiagnoses = slices.DeleteFunc(slices.Clone(diagnoses), func(d inputDiagnosis) bool { return d.name == name })
		portSlips = slices.DeleteFunc(slices.Clone(slips), func(s portSlip) bool { return s.name == name })
		for _, c := range portFixtures {
			for _, s := range c.says {
				if s.need != name {
					continue
				}
				if problems := checkPortFixture(c); !slices.Contains(problems, fmt.Sprintf("no %q", s.phrase)) {
					t.Errorf("without %q, -check %s still says %q", name, c.file, s.phrase)
				}
			}
		}
	}
}

// The tolerance, by hand: ours [[2, −3]] has max |ours| = 3, so entries may differ by 3e-12; ours
// [[0.001, 0]] has max(1, 0.001) = 1, so by 1e-12 however small the numbers. A NaN of yours differs
// from a number of ours; a NaN matches a NaN (a run that diverged where the port's did); (3,) is not
// (1, 3). An infinite entry of ours (equal to yours) is left out of the scale, which stays 1. (Catches: the
// tolerance scaled by each entry rather than by the array's largest, a NaN passing as equal to a number,
// shapes (3,) and (1, 3) taken for the same, an infinite entry making the scale +Inf so that every finite
// difference passes.)
func TestCheckPortTolerance(t *testing.T) {
	row := func(v ...float64) *Array { return &Array{Shape: []int{1, len(v)}, Data: v} }
	for _, c := range []struct {
		yours, ours *Array
		matches     bool
		entries     int
	}{
		{row(2+2.9e-12, -3), row(2, -3), true, 0},
		{row(2, -3-3.1e-12), row(2, -3), false, 1},
		{row(0.001+0.9e-12, 0), row(0.001, 0), true, 0},
		{row(0.001+1.1e-12, 1.1e-12), row(0.001, 0), false, 2},
		{row(math.NaN(), 0), row(1, 0), false, 1},
		{row(math.NaN(), 0), row(math.NaN(), 0), true, 0},
		{row(math.Inf(1), 1.1), row(math.Inf(1), 1), false, 1}, // ours' +Inf is left out of the scale: still 1, and 0.1 > 1e-12
		{&Array{Shape: []int{3}, Data: []float64{1, 2, 3}}, row(1, 2, 3), false, 0},
	} {
		if d := portCompare(c.yours, c.ours); d.matches() != c.matches || d.entries != c.entries {
			t.Errorf("portCompare(%v, %v) = %+v; want matches %v, %d entries beyond", c.yours.Data, c.ours.Data, d, c.matches, c.entries)
		}
	}
	if d := portCompare(row(1, 2, 3.5), row(1, 2, 3)); d.describe(row(1, 2, 3.5), row(1, 2, 3)) != "differs at 1 of 3 entries; the first, [0, 2]: yours 3.5, ours 3" {
		t.Errorf("describe: %q", d.describe(row(1, 2, 3.5), row(1, 2, 3)))
	}
	if _, help, _ := runArgs("-h"); !strings.Contains(help, "1e-12 · max(1, max |ours|)") {
		t.Error("-h does not state -check's tolerance")
	}
}

// Files -check cannot use, and flags it cannot be combined with: one line on stderr, exit 2, no report.
// (Catches: a file -check cannot use reported as a difference — exit 1 and a report —, a fractional step
// rounded.)
func TestCheckPortRefusals(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("testdata/check/faithful-step1.npz")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"truncated.npz": string(good[:len(good)/2]), "half-step.json": `{"step": 2.5, "layer1_biases_array": [[0, 0, 0, 0, 0]]}`,
		"two-steps.json": `{"step": [0, 1]}`, "unknown.json": `{"weights": [[1, 2]], "_": [1]}`}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-check", filepath.Join(dir, "truncated.npz")}, "truncated.npz"}, // the reader's own refusal (its tests have the others)
		{[]string{"-check", filepath.Join(dir, "half-step.json")}, "step is 2.5; want a whole number from 0 to 1000000000"},
		{[]string{"-check", filepath.Join(dir, "two-steps.json")}, "step has shape (2,); want one number"},
		{[]string{"-check", filepath.Join(dir, "unknown.json")}, "holds none of the step's values (training_data, training_labels"},
		{[]string{"-check", "testdata/check/faithful-step0.npz", "-save", filepath.Join(dir, "m.json")}, "-check compares one step with your file and stops"},
		{[]string{"-check", "testdata/check/faithful-step0.npz", "-explain"}, "cannot be combined with -save, -plot, -explain, -gradcheck, -serve or -load"},
		{[]string{"-check", "testdata/check/faithful-step0.npz", "-serve", "localhost:0"}, "cannot be combined"},
		{[]string{"-check", ""}, "invalid value \"\" for flag -check"},
	} {
		// each run in its own goroutine, so that a refusal let through (-serve starting its server) fails
		// here within a minute rather than hanging the test binary until its timeout
		done := make(chan [3]string, 1)
		go func() {
			code, stdout, stderr := runArgs(append([]string{"-observations", "10"}, c.args...)...)
			done <- [3]string{strconv.Itoa(code), stdout, stderr}
		}()
		var got [3]string
		select {
		case got = <-done:
		case <-time.After(time.Minute):
			t.Fatalf("%v: still running after a minute; want exit 2 at once", c.args)
		}
		code, stdout, stderr := atoi(got[0]), got[1], got[2]
		last := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != exitUsage || !strings.Contains(last[len(last)-1], c.want) || strings.Contains(stdout, "The step") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line with %q", c.args, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "m.json")); err == nil {
		t.Error("-check -save wrote a model")
	}
	code, _, stderr := runArgs("-observations", "10", "-steps", "3", "-check", "testdata/check/faithful-step1.npz")
	if code != exitOK || !strings.Contains(stderr, "ignoring -steps: -check trains to the step your file was saved at") {
		t.Errorf("-steps with -check: exit %d, stderr %q; want exit 0 and -steps named as ignored", code, stderr)
	}
}
