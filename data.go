package main

// data.go — where the numbers come from: numpy's legacy random generator rebuilt bit for bit, the
// post's three Gaussian clusters, scikit-learn's train/test split and the classic teaching data sets.
// Then, below a banner a first reading can stop at, the files: the CSV data a user brings, the inputs
// -features makes from two features (TensorFlow Playground's x1², x2², x1x2, sin), saved models, the
// arrays numpy saves (which -check reads from a learner's port), the memory a run may take, the words
// of messages, and the rules every file the program writes passes.
//
// The post calls np.random.seed(12) and then draws everything from numpy's global RandomState. That
// generator is the Mersenne Twister MT19937 plus a few fixed recipes for turning its 32-bit outputs into
// doubles, Gaussians and shuffles. Rebuilt here step by step, the same seed gives the same numbers, so
// the post's data, split and initial weights are reproduced exactly, not just in distribution.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// ---------------------------------------------------------------------------------------------------
// MT19937, seeded as np.random.seed(n) seeds it.

const (
	mtN         = 624 // words of state
	mtM         = 397 // the twist's middle offset
	mtMatrixA   = 0x9908b0df
	mtUpperMask = 0x80000000
	mtLowerMask = 0x7fffffff
)

// RandomState is numpy's legacy generator (numpy.random.RandomState): the MT19937 state plus the spare
// Gaussian that the polar method keeps for the next call. The zero value is not usable: use NewRandomState.
type RandomState struct {
	mt       [mtN]uint32
	pos      int
	hasGauss bool
	gauss    float64
}

// NewRandomState returns the generator np.random.seed(seed) (or RandomState(seed)) makes: the state is
// filled by Matsumoto and Nishimura's init_genrand, mt[i] = 1812433253·(mt[i−1] ⊕ (mt[i−1] >> 30)) + i.
func NewRandomState(seed uint32) *RandomState {
	r := &RandomState{pos: mtN}
	r.mt[0] = seed
	for i := 1; i < mtN; i++ {
		r.mt[i] = 1812433253*(r.mt[i-1]^(r.mt[i-1]>>30)) + uint32(i)
	}
	return r
}

// Uint32 returns the next raw 32-bit output of MT19937 (numpy: the generator's next_uint32).
func (r *RandomState) Uint32() uint32 {
	if r.pos >= mtN {
		r.twist()
	}
	y := r.mt[r.pos]
	r.pos++
	// tempering
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// twist regenerates all 624 words of state at once, as the reference mt19937.c does.
func (r *RandomState) twist() {
	for i := 0; i < mtN; i++ {
		y := (r.mt[i] & mtUpperMask) | (r.mt[(i+1)%mtN] & mtLowerMask)
		next := r.mt[(i+mtM)%mtN] ^ (y >> 1)
		if y&1 != 0 {
			next ^= mtMatrixA
		}
		r.mt[i] = next
	}
	r.pos = 0
}

// Float64 returns a uniform double in [0, 1) with 53 random bits (numpy: random_sample): the top 27 bits
// of one output and the top 26 of the next, (a·2²⁶ + b) / 2⁵³.
func (r *RandomState) Float64() float64 {
	a := r.Uint32() >> 5
	b := r.Uint32() >> 6
	return (float64(a)*67108864.0 + float64(b)) / 9007199254740992.0
}

// NormFloat64 returns a standard normal draw by numpy's legacy recipe (legacy_gauss), Marsaglia's polar
// method: draw (x₁, x₂) uniform in the square [−1, 1)² until r² = x₁² + x₂² lands inside the unit circle
// (and is not 0); then f = √(−2·ln r² / r²) makes f·x₁ and f·x₂ two independent standard normals.
// It returns f·x₂ now and keeps f·x₁ for the next call.
//
// np.random.normal(0, 1) is 0 + 1·NormFloat64(), the same number.
func (r *RandomState) NormFloat64() float64 {
	if r.hasGauss {
		r.hasGauss = false
		return r.gauss
	}
	var x1, x2, r2 float64
	for {
		x1 = 2*r.Float64() - 1
		x2 = 2*r.Float64() - 1
		// The float64 conversions round each square before the sum, as C does; without them Go may fuse
		// the multiply and add on some processors (arm64), changing the last bit and then every later draw.
		r2 = float64(x1*x1) + float64(x2*x2)
		if r2 < 1 && r2 != 0 {
			break
		}
	}
	f := math.Sqrt(-2 * math.Log(r2) / r2)
	r.gauss, r.hasGauss = f*x1, true
	return f * x2
}

// Intn returns a uniform integer in [0, max] — note: max included — by numpy's masked rejection
// (random_interval): take the smallest all-ones bit mask covering max, and draw outputs & mask until one
// is ≤ max. It is what numpy's legacy shuffle calls for each position.
func (r *RandomState) Intn(max uint32) uint32 {
	if max == 0 {
		return 0
	}
	mask := max
	mask |= mask >> 1
	mask |= mask >> 2
	mask |= mask >> 4
	mask |= mask >> 8
	mask |= mask >> 16
	for {
		if v := r.Uint32() & mask; v <= max {
			return v
		}
	}
}

// Permutation returns a random ordering of 0, 1, …, n−1 exactly as numpy's legacy
// RandomState.permutation(n) does: np.arange(n), then a Fisher–Yates shuffle from the end, swapping
// position i with a uniform position j ∈ [0, i] for i = n−1 down to 1.
func (r *RandomState) Permutation(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i >= 1; i-- {
		j := int(r.Intn(uint32(i)))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// NormalMatrix returns a rows×cols matrix of standard normal draws filled row by row
// (numpy: np.random.normal(0, 1, [rows, cols])).
func (r *RandomState) NormalMatrix(rows, cols int) *Matrix {
	m := NewMatrix(rows, cols)
	for i := range m.data {
		m.data[i] = r.NormFloat64()
	}
	return m
}

// TruncatedNormalMatrix returns a rows×cols matrix of standard normal draws, each redrawn until
// |z| ≤ 2, filled row by row. This is what the post's TensorFlow model uses to start its weights,
// tf.truncated_normal([rows, cols]) (mean 0, standard deviation 1, "values more than two standard
// deviations from the mean are dropped and re-picked"). TensorFlow draws from a generator of its own;
// here the draws come from this numpy-compatible stream.
func (r *RandomState) TruncatedNormalMatrix(rows, cols int) *Matrix {
	m := NewMatrix(rows, cols)
	for i := range m.data {
		z := r.NormFloat64()
		for math.Abs(z) > 2 {
			z = r.NormFloat64() // redraw, not clip: clipping would pile values up at ±2
		}
		m.data[i] = z
	}
	return m
}

// HeNormalMatrix returns a rows×cols matrix of normal draws with standard deviation √(2/rows), filled
// row by row: He et al.'s initialization for a layer with rows inputs feeding ReLUs, which keeps the
// variance of the activations about the same from layer to layer.
func (r *RandomState) HeNormalMatrix(rows, cols int) *Matrix {
	m := r.NormalMatrix(rows, cols)
	ScaleInto(m, math.Sqrt(2/float64(rows)), m)
	return m
}

// Initializers are the ways -init can draw a layer's weights, by name.
var Initializers = map[string]func(r *RandomState) func(rows, cols int) *Matrix{
	"normal":    func(r *RandomState) func(rows, cols int) *Matrix { return r.NormalMatrix },
	"truncated": func(r *RandomState) func(rows, cols int) *Matrix { return r.TruncatedNormalMatrix },
	"he":        func(r *RandomState) func(rows, cols int) *Matrix { return r.HeNormalMatrix },
}

// ---------------------------------------------------------------------------------------------------
// The multivariate normal, as numpy's legacy multivariate_normal draws it.

// MultivariateNormal returns n draws from the normal distribution with the given mean (length D) and
// D×D covariance, as an n×D matrix, following numpy's legacy RandomState.multivariate_normal:
//
//  1. z: n×D standard normals, filled row by row.
//  2. Σ = U·diag(s)·V, the singular value decomposition of the covariance.
//  3. x = μ + z·(√s ⊙ V), where row i of V is scaled by √sᵢ.
//
// Why this works: if Σ is symmetric positive-semidefinite then U = Vᵀ, so the covariance of z·A with
// A = √s ⊙ V is AᵀA = Vᵀ·diag(s)·V = Σ. When Σ is not (numpy checks Vᵀ·diag(s)·V ≈ Σ), numpy warns
// and samples anyway — with covariance Vᵀ·diag(s)·V, not Σ. This function does the same: it returns the
// warning text (empty when Σ is fine) and lets the caller print it.
func (r *RandomState) MultivariateNormal(mean []float64, cov *Matrix, n int) (x *Matrix, warning string) {
	d := len(mean)
	if cov.rows != d || cov.cols != d {
		panic(fmt.Sprintf("MultivariateNormal: mean has %d values but covariance is %s", d, cov.shape()))
	}
	z := r.NormalMatrix(n, d) // [n x D]
	s, v := svd(cov)          // s: D values, v: [D x D], rows are right singular vectors
	if !allClose(Mul(Mul(v.T(), diag(s)), v), cov, 1e-8, 1e-8) {
		warning = fmt.Sprintf("covariance %v is not symmetric positive-semidefinite; sampling from √s·V as numpy does", cov)
	}
	a := NewMatrix(d, d) // [D x D] = √s ⊙ V (numpy: np.sqrt(s)[:, None] * v)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			a.Set(i, j, math.Sqrt(s[i])*v.At(i, j))
		}
	}
	x = Mul(z, a)                                     // [n x D]
	AddRowVectorInto(x, x, NewMatrixFrom(1, d, mean)) // [n x D] + [1 x D]
	return x, warning
}

// diag returns the square matrix with s on its diagonal.
func diag(s []float64) *Matrix {
	m := NewMatrix(len(s), len(s))
	for i, v := range s {
		m.Set(i, i, v)
	}
	return m
}

// allClose reports whether every |a − b| ≤ atol + rtol·|b| (numpy: np.allclose(a, b, rtol, atol)).
func allClose(a, b *Matrix, rtol, atol float64) bool {
	mustSameShape("allClose", a, b)
	for i, v := range a.data {
		if !(math.Abs(v-b.data[i]) <= atol+rtol*math.Abs(b.data[i])) {
			return false
		}
	}
	return true
}

// svd returns the singular values s (largest first) and the right singular vectors (the rows of v) of a
// square D×D matrix c, so that c = U·diag(s)·v for some orthogonal U — the s and v that numpy's
// np.linalg.svd(c) returns as (U, s, v).
//
// Method: the right singular vectors of c are the eigenvectors of cᵀc, and its singular values are the
// square roots of cᵀc's eigenvalues (cᵀc = vᵀ·diag(s)·Uᵀ·U·diag(s)·v = vᵀ·diag(s²)·v). cᵀc is symmetric,
// so cyclic Jacobi rotations diagonalize it: each rotation zeroes one off-diagonal pair, and sweeps repeat
// until nothing off the diagonal is left. The eigenvalues fix the order (largest first); each sᵢ is then
// measured as ‖c·vᵢ‖.
//
// Sign convention: a singular vector is only defined up to sign; each row of v is signed so that its first
// nonzero component is negative. On the post's three covariances that gives numpy's (LAPACK's) v, and s
// and v agree with numpy's to within 2 units in the last place (TestSVDMatchesNumpy); after the float32
// rounding of the samples the data are numpy's exactly (TestPostDataMatchesNumpy). For other covariances
// the samples have the right distribution, but not necessarily numpy's exact numbers: LAPACK may pick
// other signs, or other vectors when two singular values are equal.
func svd(c *Matrix) (s []float64, v *Matrix) {
	d := c.rows
	if c.cols != d {
		panic(fmt.Sprintf("svd: %s is not square", c.shape()))
	}
	a := Mul(c.T(), c) // [D x D] cᵀc, becomes diag(s²)
	q := diag(ones(d)) // [D x D] accumulates the rotations; its columns become the eigenvectors
	for sweep := 0; sweep < 100 && offDiagonal(a) > 0; sweep++ {
		for p := 0; p < d; p++ {
			for k := p + 1; k < d; k++ {
				jacobiRotate(a, q, p, k)
			}
		}
	}
	// Order by eigenvalue, largest first; row i of v is the matching column of q.
	order := make([]int, d)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return a.At(order[i], order[i]) > a.At(order[j], order[j]) })
	s = make([]float64, d)
	v = NewMatrix(d, d)
	for row, col := range order {
		sign := 1.0
		for i := 0; i < d; i++ {
			if qi := q.At(i, col); qi != 0 {
				sign = -math.Copysign(1, qi) // first nonzero component negative
				break
			}
		}
		for i := 0; i < d; i++ {
			v.Set(row, i, sign*q.At(i, col))
		}
		// sᵢ = ‖c·vᵢ‖, since c·vᵢᵀ = sᵢ·uᵢ. This is more accurate than √(eigenvalue of cᵀc) for small sᵢ,
		// where forming cᵀc has already cost half the digits.
		cv := Mul(c, NewMatrixFrom(d, 1, v.Row(row))) // [D x 1]
		s[row] = math.Sqrt(MulElem(cv, cv).Sum())
	}
	return s, v
}

// jacobiRotate applies the rotation that zeroes a[p][k] (and a[k][p]) of the symmetric matrix a, and
// accumulates it into q. With θ = (a_kk − a_pp)/(2·a_pk), t = sign(θ)/(|θ| + √(θ²+1)) is the tangent of the
// rotation angle, c = 1/√(t²+1) its cosine and s = t·c its sine (Numerical Recipes, §11.1).
func jacobiRotate(a, q *Matrix, p, k int) {
	apk := a.At(p, k)
	if apk == 0 {
		return
	}
	theta := (a.At(k, k) - a.At(p, p)) / (2 * apk)
	t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
	if theta < 0 {
		t = -t
	}
	c := 1 / math.Sqrt(t*t+1)
	s := t * c
	d := a.rows
	// a ← Jᵀ·a·J, one row and column pair at a time.
	for i := 0; i < d; i++ {
		aip, aik := a.At(i, p), a.At(i, k)
		a.Set(i, p, c*aip-s*aik)
		a.Set(i, k, s*aip+c*aik)
	}
	for i := 0; i < d; i++ {
		api, aki := a.At(p, i), a.At(k, i)
		a.Set(p, i, c*api-s*aki)
		a.Set(k, i, s*api+c*aki)
	}
	a.Set(p, k, 0)
	a.Set(k, p, 0)
	// q ← q·J
	for i := 0; i < d; i++ {
		qip, qik := q.At(i, p), q.At(i, k)
		q.Set(i, p, c*qip-s*qik)
		q.Set(i, k, s*qip+c*qik)
	}
}

// offDiagonal returns the sum of squares of a's off-diagonal elements.
func offDiagonal(a *Matrix) float64 {
	sum := 0.0
	for i := 0; i < a.rows; i++ {
		for j := 0; j < a.cols; j++ {
			if i != j {
				sum += a.At(i, j) * a.At(i, j)
			}
		}
	}
	return sum
}

func ones(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

// ---------------------------------------------------------------------------------------------------
// The post's data set.

// Dataset is a table of examples: features X, one-hot labels Y, and the names of features and classes.
type Dataset struct {
	X        *Matrix  // [N x D] features
	Y        *Matrix  // [N x K] one-hot labels: Y[n][k] = 1 when example n is of class k
	Features []string // D names, for messages and plots
	Classes  []string // K names, in class-number order
	Label    *Label   // where the labels came from in a CSV file; nil for generated data
}

// Label is the column of a CSV file that held the labels.
type Label struct {
	Column int    `json:"column"`         // counted from 1
	Name   string `json:"name,omitempty"` // its header, when the file has one
}

// postClusters are the post's three clusters: np.random.multivariate_normal(mean, cov, num_observations)
// for each, in this order. The third covariance, [[0, .75], [.75, 0]], is not positive-semidefinite (its
// eigenvalues are ±0.75): numpy warns, and samples x = μ − √0.75·z instead (see MultivariateNormal).
var postClusters = []struct {
	mean []float64
	cov  [][]float64
}{
	{[]float64{0, 0}, [][]float64{{2, .75}, {.75, 2}}},
	{[]float64{1, 4}, [][]float64{{1, .75}, {.75, 1}}},
	{[]float64{2, 8}, [][]float64{{0, .75}, {.75, 0}}},
}

// PostData makes the post's data set from the global stream r: three clusters of observations points
// each, stacked (np.vstack) and rounded to float32 (.astype(np.float32)) — the rounding is kept because
// the post trains on those float32 values — with labels 0, 1, 2 one-hot. Warnings numpy would print go
// to warn.
func PostData(r *RandomState, observations int, warn func(string)) *Dataset {
	k := len(postClusters)
	ds := &Dataset{
		X:        NewMatrix(k*observations, 2),
		Y:        NewMatrix(k*observations, k),
		Features: []string{"x1", "x2"},
		Classes:  []string{"0", "1", "2"},
	}
	for class, cl := range postClusters {
		x, warning := r.MultivariateNormal(cl.mean, FromRows(cl.cov), observations) // [observations x 2]
		if warning != "" {
			warn(warning)
		}
		for i := 0; i < observations; i++ {
			row := class*observations + i
			for j, v := range x.Row(i) {
				ds.X.Set(row, j, float64(float32(v))) // .astype(np.float32): round to nearest float32
			}
			ds.Y.Set(row, class, 1)
		}
	}
	return ds
}

// Labels returns each example's class number (numpy: np.argmax(labels_onehot, axis=1)).
func (ds *Dataset) Labels() []int { return ArgmaxRows(ds.Y) }

// Subset returns the examples idx, in that order, as a new Dataset with the same names.
func (ds *Dataset) Subset(idx []int) *Dataset {
	return &Dataset{X: ds.X.SelectRows(idx), Y: ds.Y.SelectRows(idx), Features: ds.Features, Classes: ds.Classes, Label: ds.Label}
}

// TrainTestSplit returns the indices of the training and test examples exactly as scikit-learn's
// train_test_split(…, test_size=testSize, random_state=seed) chooses them for n examples: a fresh
// RandomState(seed) shuffles 0…n−1 (Permutation), the first ⌈testSize·n⌉ indices are the test set and the
// rest the training set, each in permutation order. It returns an error when either part would be empty.
func TrainTestSplit(n int, testSize float64, seed uint32) (train, test []int, err error) {
	nTest := int(math.Ceil(testSize * float64(n)))
	if nTest < 1 || nTest >= n {
		return nil, nil, fmt.Errorf("-test-size %v of %d examples leaves %d for testing and %d for training; both need at least 1",
			testSize, n, nTest, n-nTest)
	}
	perm := NewRandomState(seed).Permutation(n)
	return perm[nTest:], perm[:nTest], nil
}

// discardedWeightDraws is how many normal draws the post's notebook made between the data and the weights
// it trained. Its "Weights and Biases" cell draws 2·5 + 5·3 = 25 normals, and the notebook ran that cell
// twice before the training cell, so the weights the post trained are the 25 draws after those 50.
// numpy's own figures (../shared/reference/blog-numpy.txt) confirm it: with 50 draws skipped, numpy's W1,
// W2 and every printed loss are the post's.
const discardedWeightDraws = 50

// ---------------------------------------------------------------------------------------------------
// The classic teaching data sets, where one straight line per class is not enough.

// Generator makes a teaching data set of n points per class from the stream r, with the given noise.
type Generator struct {
	Make    func(r *RandomState, n int, noise float64) *Dataset
	Noise   float64 // the noise when -noise is not given
	Classes int
	About   string // what the noise is, for -h
}

// Generators are the data sets -dataset can make, besides the post's.
var Generators = map[string]Generator{
	"spiral":  {SpiralData, 0.2, 3, "the angle's standard deviation (cs231n's 0.2)"},
	"circles": {CirclesData, 0.1, 2, "the standard deviation of the noise added to each point"},
	"moons":   {MoonsData, 0.1, 2, "the standard deviation of the noise added to each point"},
	"xor":     {XORData, 0.3, 2, "each blob's standard deviation"},
}

// newPointSet returns an empty data set of n points in the plane (features x1, x2) and k classes.
func newPointSet(n, k int) *Dataset {
	ds := &Dataset{X: NewMatrix(n, 2), Y: NewMatrix(n, k), Features: []string{"x1", "x2"}}
	for c := 0; c < k; c++ {
		ds.Classes = append(ds.Classes, strconv.Itoa(c))
	}
	return ds
}

// SpiralData is cs231n's spiral ("Putting it together: minimal neural network case study"): three arms
// of n points, drawn from r as cs231n's code draws them from np.random after np.random.seed:
//
//	for j in range(K):
//	    r = np.linspace(0.0, 1, N)                                 # radius
//	    t = np.linspace(j*4, (j+1)*4, N) + np.random.randn(N)*0.2  # theta
//	    X[ix] = np.c_[r*np.sin(t), r*np.cos(t)]; y[ix] = j
//
// with noise in place of 0.2. The points equal numpy's to the last bit or two of sin and cos.
func SpiralData(r *RandomState, n int, noise float64) *Dataset {
	const k = 3
	ds := newPointSet(k*n, k)
	radius := linspace(0, 1, n, true)
	for j := 0; j < k; j++ {
		theta := linspace(float64(4*j), float64(4*(j+1)), n, true)
		for i := 0; i < n; i++ {
			t := theta[i] + r.NormFloat64()*noise // numpy rounds randn(N)*0.2 before the sum, as here
			row := ds.X.Row(j*n + i)
			row[0], row[1] = radius[i]*math.Sin(t), radius[i]*math.Cos(t)
			ds.Y.Set(j*n+i, j, 1)
		}
	}
	return ds
}

// CirclesData is scikit-learn's make_circles(2n, noise=noise, factor=0.5, random_state=…): n points evenly
// round a circle of radius 1 (class 0) and n round one of radius 0.5 (class 1), shuffled, then noise·z
// added to every coordinate, z standard normal — the draws from r in scikit-learn's order.
func CirclesData(r *RandomState, n int, noise float64) *Dataset {
	angles := linspace(0, 2*math.Pi, n, false) // endpoint=False: the first point is not also the last
	return shuffledWithNoise(r, noise, n, func(c, i int) (x, y float64) {
		radius := 1.0
		if c == 1 {
			radius = 0.5 // factor
		}
		return math.Cos(angles[i]) * radius, math.Sin(angles[i]) * radius
	})
}

// MoonsData is scikit-learn's make_moons(2n, noise=noise, random_state=…): two interleaving half circles,
// the upper one (class 0) centred at (0, 0), the lower one (class 1) at (1, 0.5), of n points each, evenly
// spaced in angle; shuffled, then noise·z added to every coordinate.
func MoonsData(r *RandomState, n int, noise float64) *Dataset {
	angles := linspace(0, math.Pi, n, true)
	return shuffledWithNoise(r, noise, n, func(c, i int) (x, y float64) {
		if c == 0 {
			return math.Cos(angles[i]), math.Sin(angles[i])
		}
		return 1 - math.Cos(angles[i]), 1 - math.Sin(angles[i]) - 0.5
	})
}

// shuffledWithNoise is the part scikit-learn's make_circles and make_moons share: the points point(c, i)
// of class 0 then class 1, n each; the rows shuffled (sklearn.utils.shuffle: a permutation of the row
// numbers, drawn as RandomState.permutation draws it); then X += normal(scale=noise, size=(2n, 2)), drawn
// row by row.
func shuffledWithNoise(r *RandomState, noise float64, n int, point func(c, i int) (x, y float64)) *Dataset {
	ds := newPointSet(2*n, 2)
	order := r.Permutation(2 * n)
	for row, from := range order {
		c, i := from/n, from%n
		x, y := point(c, i)
		ds.X.Set(row, 0, x)
		ds.X.Set(row, 1, y)
		ds.Y.Set(row, c, 1)
	}
	for i := range ds.X.data {
		ds.X.data[i] += noise * r.NormFloat64() // numpy: loc + scale·gauss, with loc 0
	}
	return ds
}

// XORData is the exclusive or: four Gaussian blobs of standard deviation noise at the corners (±1, ±1),
// the diagonal pairs in one class — (1, 1) and (−1, −1) are class 0, (1, −1) and (−1, 1) class 1. Each
// class's n points are split between its two blobs (the first gets the odd one), each point
// corner + noise·(z₁, z₂).
func XORData(r *RandomState, n int, noise float64) *Dataset {
	corners := [2][2][2]float64{{{1, 1}, {-1, -1}}, {{1, -1}, {-1, 1}}}
	ds := newPointSet(2*n, 2)
	for c := 0; c < 2; c++ {
		for i := 0; i < n; i++ {
			corner := corners[c][0]
			if i >= (n+1)/2 {
				corner = corners[c][1]
			}
			row := ds.X.Row(c*n + i)
			row[0] = corner[0] + noise*r.NormFloat64()
			row[1] = corner[1] + noise*r.NormFloat64()
			ds.Y.Set(c*n+i, c, 1)
		}
	}
	return ds
}

// linspace returns num evenly spaced numbers from start to stop as numpy's np.linspace computes them:
// start + i·step with step = (stop − start)/(num − 1), the last set to stop exactly; or, without the
// endpoint, step = (stop − start)/num.
func linspace(start, stop float64, num int, endpoint bool) []float64 {
	div := num
	if endpoint {
		div = num - 1
	}
	out := make([]float64, num)
	step := (stop - start) / float64(div)
	for i := range out {
		if div == 0 {
			out[i] = start
			continue
		}
		out[i] = float64(i)*step + start
	}
	if endpoint && num > 1 {
		out[num-1] = stop
	}
	return out
}

// ===================================================================================================
// Files. A first reading can stop here: what follows reads and writes files, carefully; the post's
// numbers are all above.
// ===================================================================================================

// ---------------------------------------------------------------------------------------------------
// Your own data: CSV files.

// Table is a CSV file as read: its header (column names) and its data rows, each with the line it
// started on, so that messages can point at the line.
type Table struct {
	Name      string     // the file's name, for messages
	Header    []string   // column names: the file's first row if it is a header, else col1, col2, …
	HasHeader bool       // whether the file has a header row (else the names are made up)
	Rows      [][]string // data rows, every one with len(Header) fields, spaces around each field removed
	Lines     []int      // Lines[i]: the line Rows[i] starts on (1-based)
}

// csvMemoryFactor is how many times its size a CSV file takes in memory while ReadTable and ParseDataset
// read it: the bytes themselves, then for every field a string and its slot in the row, for every row a
// slice and its line number, and the features as float64s. Measured with runtime.MemStats and the
// process's peak resident size around ReadTable+ParseDataset on generated 100 MB files (go1.26, amd64):
// 30× for the costliest shape, a single one-digit column ("3\n": 2 bytes a row, as -predict reads for a
// one-feature model); 24× for rows of two such columns ("3,1\n"), 21× for three, 15× for 64, 13× for
// iris-shaped rows, 5× for long numbers. The limit uses 32: the costliest, with room for the garbage
// collector's timing. (The reader before this one grew its slice of rows as it went, copying it, and
// measured 15× to 40× on the same files; the issue saw 17.5×.) The one-hot labels are not in it beyond
// these files' two to ten classes: oneHot checks rows × classes on its own.
const csvMemoryFactor = 32

// ReadTable reads a CSV file. It accepts what real files contain: a UTF-8 byte-order mark, CRLF or LF
// line ends (or CR alone, as old Mac files have), spaces around fields, quoted fields (with commas or
// doubled quotes inside; spaces may come before the opening quote, not after the closing one), and blank
// lines. Whether the first row is a header is decided by the caller (takeHeader), because that depends
// on which column holds the labels.
//
// It refuses, each with one line saying what to do: a file larger than the machine's memory can parse
// (csvMemoryFactor times its size must be available; see readAtMost), a file in UTF-16 (with the iconv
// command that converts it), a file that is not UTF-8 text (naming the line and column of the first byte
// that is not), a file whose columns are separated by semicolons or tabs instead of commas, a file with
// no rows, and rows of different lengths (naming the line).
func ReadTable(r io.Reader, name string) (*Table, error) {
	limit, why := readLimit("a CSV file", csvMemoryFactor)
	return readTable(r, name, limit, why)
}

// readTable is ReadTable reading at most limit bytes; why says where the limit comes from.
func readTable(r io.Reader, name string, limit int64, why string) (*Table, error) {
	b, err := readAtMost(r, name, limit, why)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	if at, line, col, bad := firstNonText(b); at >= 0 {
		return nil, notText(name, line, col, bad)
	}
	if bytes.IndexByte(b, '\n') < 0 {
		// Lines that end in CR alone (Mac OS 9 and older): the CSV reader knows only LF and CRLF and would
		// read the whole file as one row, so each CR is made an LF, in place (b is this function's own copy).
		for i, c := range b {
			if c == '\r' {
				b[i] = '\n'
			}
		}
	}
	return parseCSV(b, name)
}

// parseCSV splits UTF-8 text into the rows of a Table, checking that every row has as many fields as the
// first, and that the first is not one field of values separated by semicolons or tabs.
func parseCSV(b []byte, name string) (*Table, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1 // checked here, to say which line is wrong
	cr.TrimLeadingSpace = true
	// Room for every row at once: a slice grown row by row copies itself as it goes, which cost 1.7× the
	// memory on files of short rows. A row takes at least 2 bytes ("1\n"), which bounds the count when
	// most lines are blank.
	rows := min(bytes.Count(b, []byte("\n"))+1, len(b)/2+1)
	t := &Table{Name: name, Rows: make([][]string, 0, rows), Lines: make([]int, 0, rows)}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s line %d: %v", name, pe.StartLine, pe.Err)
			}
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if len(t.Rows) == 0 && len(rec) == 1 {
			if err := checkSeparator(rec[0], name, line); err != nil {
				return nil, err
			}
		}
		if len(t.Rows) > 0 && len(rec) != len(t.Rows[0]) {
			return nil, fmt.Errorf("%s line %d: %d fields, but line %d has %d", name, line, len(rec), t.Lines[0], len(t.Rows[0]))
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	if len(t.Rows) == 0 {
		return nil, fmt.Errorf("%s is empty: want CSV rows of numeric features and a label", name)
	}
	return t, nil
}

// checkSeparator refuses a first row that is one field holding semicolons or tabs: a file whose columns
// are separated by those (as spreadsheets set to many languages save "CSV", or a .tsv file), which would
// otherwise be read as a single column, or with decimal commas as columns of their own.
func checkSeparator(field, name string, line int) error {
	for _, sep := range []struct{ char, name, tr string }{{";", "semicolons", `tr ';' ','`}, {"\t", "tabs", `tr '\t' ','`}} {
		if n := strings.Count(field, sep.char); n > 0 {
			return fmt.Errorf("%s line %d is one field with %d %s in it: columns must be separated by commas (save the file as CSV with commas, or, if no number has a decimal comma, convert it with %s)",
				name, line, n, sep.name, sep.tr)
		}
	}
	return nil
}

// ---------------------------------------------------------------------------------------------------
// Reading a file: bounded, and text.

// sniffSize is how much of a file is read, and judged, before the rest: enough to tell UTF-16 from
// UTF-8, and to refuse a device such as /dev/zero without reading it any further.
const sniffSize = 4096

// assumedMemory is the memory readLimit assumes when the machine does not say how much is available.
const assumedMemory = 4e9

// readLimit returns the most bytes of a file worth reading when what (a CSV file, a model file) takes
// factor times its size in memory to read and parse — the available memory divided by factor — and a
// phrase saying so, for the refusal.
func readLimit(what string, factor float64) (limit int64, why string) {
	avail, said := availableMemory(), "is available"
	if avail <= 0 {
		avail, said = assumedMemory, "is assumed available (this system does not say)"
	}
	return int64(avail / factor), fmt.Sprintf("reading %s takes about %.0f times its size in memory, and %s %s", what, factor, byteSize(avail), said)
}

// readAtMost reads all of r, or refuses, in one line naming the size and the limit, when it holds more
// than limit bytes: a regular file of known size before a byte is read, a stream (standard input, a
// device) as soon as it has given limit + 1 bytes — so that nothing is read without bound. why says where
// the limit comes from (readLimit). The first sniffSize bytes are judged before the rest is read: UTF-16
// or UTF-32 text, a NUL byte or a byte that is not UTF-8 there is refused at once (see wideEncoding and
// firstNonText).
func readAtMost(r io.Reader, name string, limit int64, why string) ([]byte, error) {
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > limit {
			return nil, fmt.Errorf("%s is %s, larger than the %s this program can read here: %s", name, byteSize(float64(fi.Size())), byteSize(float64(limit)), why)
		}
	}
	head := make([]byte, sniffSize)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("cannot read %s: %v", name, err)
	}
	head = head[:n]
	if err := judgeHead(head, name, n == sniffSize); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Write(head)
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1-int64(n))); err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", name, err)
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("%s is larger than the %s this program can read here: %s", name, byteSize(float64(limit)), why)
	}
	return buf.Bytes(), nil
}

// judgeHead refuses the first bytes of a file when they show it is not UTF-8 text: UTF-16 or UTF-32
// (with the iconv command that converts it), or a NUL or non-UTF-8 byte. more says whether the file goes
// on, so that a character cut at the end of head is not taken for a bad byte.
func judgeHead(head []byte, name string, more bool) error {
	if enc := wideEncoding(head); enc != "" {
		return fmt.Errorf("%s is %s text, and this program reads UTF-8: convert it first, for example iconv -f %s -t utf-8 in.csv > out.csv",
			name, strings.ToUpper(enc), enc)
	}
	at, line, col, bad := firstNonText(head)
	if at >= 0 && (bad == 0 || !more || at < len(head)-utf8.UTFMax) {
		return notText(name, line, col, bad)
	}
	return nil
}

// wideEncoding tells text in UTF-16 or UTF-32 by its first bytes, naming the encoding as iconv does, or
// returns "". With a byte-order mark: FF FE 00 00 or 00 00 FE FF is UTF-32, FF FE or FE FF UTF-16.
// Without one: the characters of a CSV file are mostly ASCII, and in UTF-16 each of them is a 0 byte and
// its code, so at least half the bytes in odd places being 0 (and fewer in even ones) is UTF-16
// little-endian ("1\x00,\x00"), the other way round big-endian. UTF-8 text has no 0 byte at all.
func wideEncoding(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe, 0, 0}) || bytes.HasPrefix(b, []byte{0, 0, 0xfe, 0xff}):
		return "utf-32"
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return "utf-16"
	}
	var zeros [2]int // zeros[p]: 0 bytes at even (p = 0) and odd (p = 1) places
	for i, c := range b {
		if c == 0 {
			zeros[i%2]++
		}
	}
	pairs := len(b) / 2
	switch {
	case pairs == 0:
		return ""
	case 2*zeros[1] >= pairs && 2*zeros[0] < pairs:
		return "utf-16le"
	case 2*zeros[0] >= pairs && 2*zeros[1] < pairs:
		return "utf-16be"
	}
	return ""
}

// firstNonText returns the offset, the line and the column (both from 1, the column counted in
// characters) of the first byte of b that text does not have — a NUL, or a byte that is not UTF-8 — and
// that byte; at is −1 when there is none.
func firstNonText(b []byte) (at, line, col, bad int) {
	line, col = 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == 0 || r == utf8.RuneError && size <= 1 {
			return i, line, col, int(b[i])
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col++
		i += size
	}
	return -1, 0, 0, 0
}

// notText is the refusal of the byte bad at line, col of a file: a NUL, or a byte that is not UTF-8.
func notText(name string, line, col, bad int) error {
	if bad == 0 {
		return fmt.Errorf("%s line %d, column %d: a NUL byte (0x00), which text does not have: this is not a text file; want UTF-8 text",
			name, line, col)
	}
	return fmt.Errorf("%s line %d, column %d: byte 0x%02x is not UTF-8 text; convert the file to UTF-8 (from Latin-1: iconv -f latin1 -t utf-8)",
		name, line, col, bad)
}

// ---------------------------------------------------------------------------------------------------
// From a table to numbers.

// takeHeader decides whether the first row is a header, and if so moves it from Rows to Header;
// otherwise the columns are named col1, col2, …. labelCol is the 0-based label column, or −1 when there
// is none.
//
// The rule (isHeader): the first row is a header when one of its feature fields is text — neither a
// number nor empty — or when its label is text that no other row has while the other rows' labels are
// numbers or repeat. So 1,2,label is a header over rows of string classes too, while a first data row
// with a missing value (1,,0) stays a data row, refused later with its line and column, and so does a
// first data row with a string label whose class has other rows (5.1,3.5,setosa).
//
// A header that names two columns alike is refused, naming them: features are found by name (-predict,
// -plot-features), and a repeated name would silently stand for its first column.
func (t *Table) takeHeader(labelCol int) error {
	if !t.isHeader(labelCol) {
		t.Header = make([]string, len(t.Rows[0]))
		for j := range t.Header {
			t.Header[j] = fmt.Sprintf("col%d", j+1)
		}
		return nil
	}
	if i, j := firstRepeat(t.Rows[0]); i >= 0 {
		return fmt.Errorf("%s line %d: columns %d and %d are both named %s; give each column a name of its own",
			t.Name, t.Lines[0], i+1, j+1, nameText(t.Rows[0][i]))
	}
	t.Header, t.HasHeader, t.Rows, t.Lines = t.Rows[0], true, t.Rows[1:], t.Lines[1:]
	return nil
}

// isHeader is takeHeader's rule for the first row.
func (t *Table) isHeader(labelCol int) bool {
	first := t.Rows[0]
	for j, f := range first {
		if _, ok := finite(f); j != labelCol && f != "" && !ok {
			return true // a feature field that is text
		}
	}
	if labelCol < 0 || labelCol >= len(first) || len(t.Rows) < 2 {
		return false
	}
	label := first[labelCol]
	if _, ok := finite(label); ok || label == "" {
		return false // a number (or nothing) is a data row's label
	}
	others, numbers := map[string]bool{}, true // the labels below the first row; whether all are numbers
	for _, row := range t.Rows[1:] {
		others[labelName(row[labelCol])] = true
		if _, ok := finite(row[labelCol]); !ok {
			numbers = false
		}
	}
	return !others[label] && (numbers || len(others) < len(t.Rows)-1)
}

// firstRepeat returns the first i < j with names[i] == names[j], or −1, −1 when every name differs.
func firstRepeat(names []string) (i, j int) {
	seen := make(map[string]int, len(names))
	for j, n := range names {
		if i, ok := seen[n]; ok {
			return i, j
		}
		seen[n] = j
	}
	return -1, -1
}

// finite parses s as a float64 and reports whether it is a finite number: parseFinite without the
// message, for the many fields that are only asked whether they are numbers.
func finite(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !notFinite(v)
}

// parseFinite parses a field as a finite float64. The error quotes the field briefly (quoteText), says
// when it is empty (a missing value), and when it holds a semicolon or a tab, that columns are
// separated by commas.
func parseFinite(s string) (float64, error) {
	if v, ok := finite(s); ok {
		return v, nil
	}
	why := ""
	switch {
	case s == "":
		why = ": the field is empty, a missing value; every feature needs a number"
	case strings.ContainsAny(s, ";\t"):
		why = ": columns are separated by commas, not semicolons or tabs"
	}
	return 0, fmt.Errorf("%s is not a finite number%s", quoteText(s), why)
}

// featureColumns returns every column but labelCol (−1: none), in order.
func (t *Table) featureColumns(labelCol int) []int {
	var cols []int
	for j := range t.Header {
		if j != labelCol {
			cols = append(cols, j)
		}
	}
	return cols
}

// columns parses the columns cols (0-based, in the order given) of every row as finite numbers, into an
// [N x len(cols)] matrix, after checking that the machine has the memory for it.
func (t *Table) columns(cols []int) (*Matrix, error) {
	if err := checkMatrixMemory(fmt.Sprintf("the features of %s", t.Name), len(t.Rows), len(cols), "columns"); err != nil {
		return nil, err
	}
	x := NewMatrix(len(t.Rows), len(cols))
	for i, row := range t.Rows {
		xi := x.Row(i)
		for c, j := range cols {
			v, err := parseFinite(row[j])
			if err != nil {
				return nil, fmt.Errorf("%s line %d, column %d (%s): %v", t.Name, t.Lines[i], j+1, nameText(t.Header[j]), err)
			}
			xi[c] = v
		}
	}
	return x, nil
}

// checkSpans refuses a feature column whose values lie further apart than a float64 can hold (their
// difference overflows, beyond ±1.8e308): its mean, its deviations from the mean and every sum the
// network makes of it would be infinite, so neither -standardize nor training could give finite numbers.
// cols are the table's columns of x's columns.
func (t *Table) checkSpans(x *Matrix, cols []int) error {
	lo, hi := make([]float64, x.cols), make([]float64, x.cols)
	copy(lo, x.Row(0))
	copy(hi, x.Row(0))
	for i := 1; i < x.rows; i++ {
		for c, v := range x.Row(i) {
			lo[c], hi[c] = math.Min(lo[c], v), math.Max(hi[c], v)
		}
	}
	for c, j := range cols {
		if notFinite(hi[c] - lo[c]) {
			return fmt.Errorf("%s column %d (%s): values from %s to %s lie further apart than a float64 can hold (±1.8e308), so no sum over them is finite; divide the column by a power of ten",
				t.Name, j+1, nameText(t.Header[j]), formatFloat(lo[c]), formatFloat(hi[c]))
		}
	}
	return nil
}

// labelName returns the class name of a label field: a number in its shortest form (so "1", "1.0" and
// "01" are one class), anything else as it is.
func labelName(f string) string {
	if v, ok := finite(f); ok {
		return formatFloat(v)
	}
	return f
}

// sortClasses orders class names: by value when every name is a number, else as strings.
func sortClasses(names []string) {
	numeric := true
	for _, n := range names {
		if _, ok := finite(n); !ok {
			numeric = false
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if numeric {
			a, _ := finite(names[i])
			b, _ := finite(names[j])
			return a < b
		}
		return names[i] < names[j]
	})
}

// checkLabel refuses a -label column (0-based) beyond the table's columns: a wrong command line.
func (t *Table) checkLabel(label int) error {
	if width := len(t.Rows[0]); label >= width {
		return usagef("-label %d: %s has only %d columns", label+1, t.Name, width)
	}
	return nil
}

// ParseDataset turns a table into a Dataset: column labelCol (0-based; −1 for the last) holds the
// labels, every other column a numeric feature. The classes are the distinct labels in sorted order
// (numbers by value, strings as strings); there must be at least two. Refused, each naming the line or
// column: a header that repeats a name (takeHeader), a feature that is not a finite number, a column
// whose values are too far apart for any sum (checkSpans), an empty label, a label column that looks like
// a measurement, and matrices the machine has no memory for — checked before they are allocated.
func ParseDataset(t *Table, labelCol int) (*Dataset, error) {
	width := len(t.Rows[0])
	if labelCol < 0 {
		labelCol = width - 1
	}
	if width < 2 {
		return nil, fmt.Errorf("%s has %d column; want at least one feature column and a label column", t.Name, width)
	}
	if err := t.checkLabel(labelCol); err != nil {
		return nil, err
	}
	if err := t.takeHeader(labelCol); err != nil {
		return nil, err
	}
	if len(t.Rows) == 0 {
		return nil, fmt.Errorf("%s has a header but no data rows", t.Name)
	}
	cols := t.featureColumns(labelCol)
	x, err := t.columns(cols)
	if err != nil {
		return nil, err
	}
	if err := t.checkSpans(x, cols); err != nil {
		return nil, err
	}
	var names []string
	for _, j := range cols {
		names = append(names, t.Header[j])
	}
	classes, err := t.classes(labelCol)
	if err != nil {
		return nil, err
	}
	y, err := oneHot(t, labelCol, classes)
	if err != nil {
		return nil, err
	}
	label := Label{Column: labelCol + 1}
	if t.HasHeader {
		label.Name = t.Header[labelCol]
	}
	return &Dataset{X: x, Y: y, Features: names, Classes: classes, Label: &label}, nil
}

// classes returns the distinct labels of column labelCol, sorted (sortClasses). It refuses an empty
// label, fewer than two classes, and a column in which most rows would be a class of their own (a
// measurement, not a label).
func (t *Table) classes(labelCol int) ([]string, error) {
	column := fmt.Sprintf("column %d (%s)", labelCol+1, nameText(t.Header[labelCol]))
	seen := map[string]bool{}
	var classes []string
	for i, row := range t.Rows {
		f := row[labelCol]
		if f == "" {
			return nil, fmt.Errorf("%s line %d, %s: the label is empty", t.Name, t.Lines[i], column)
		}
		if c := labelName(f); !seen[c] {
			seen[c] = true
			classes = append(classes, c)
		}
	}
	if len(classes) < 2 {
		return nil, fmt.Errorf("%s: every row has the label %s (column %d, %s); a classifier needs at least two classes",
			t.Name, quoteText(classes[0]), labelCol+1, nameText(t.Header[labelCol]))
	}
	if len(classes) > 10 && 2*len(classes) > len(t.Rows) {
		return nil, fmt.Errorf("%s: %s has %d different values in %d rows, so most rows would be a class of their own: it looks like a measurement, not a label; -label N picks the label column",
			t.Name, column, len(classes), len(t.Rows))
	}
	sortClasses(classes)
	return classes, nil
}

// oneHot returns the [N x K] one-hot labels of column labelCol for these classes, after checking that
// the machine has the memory for N × K numbers (100,000 classes of 200,000 rows would be 160 GB). A label
// that is not one of the classes is an error naming its line.
func oneHot(t *Table, labelCol int, classes []string) (*Matrix, error) {
	if err := checkMatrixMemory(fmt.Sprintf("the one-hot labels of %s", t.Name), len(t.Rows), len(classes), "classes"); err != nil {
		return nil, fmt.Errorf("%v; if column %d (%s) is not the label column, -label N picks the one that is", err, labelCol+1, nameText(t.Header[labelCol]))
	}
	index := map[string]int{}
	for k, c := range classes {
		index[c] = k
	}
	y := NewMatrix(len(t.Rows), len(classes))
	for i, row := range t.Rows {
		k, ok := index[labelName(row[labelCol])]
		if !ok {
			return nil, fmt.Errorf("%s line %d: label %s is not one of the model's classes (%s)",
				t.Name, t.Lines[i], quoteText(row[labelCol]), shortList(namesText(classes), 8))
		}
		y.Set(i, k, 1)
	}
	return y, nil
}

// Standardizer holds each feature's mean and standard deviation, from the training rows, for the
// z-score (x − mean) / std. It is part of a saved model: new data must be scaled the same way.
type Standardizer struct {
	Mean []float64 `json:"mean"`
	Std  []float64 `json:"std"` // a constant column's is 1, so it is centred and not divided by 0
}

// FitStandardizer returns the mean and the population standard deviation (ddof = 0, the kind numpy's
// x.std(axis=0) and scikit-learn's StandardScaler use) of each column of x. The sums are added row by
// row, so the last bits can differ from numpy's, which adds pairwise.
//
// Numerical care, where the plain sums would leave float64's range: a column of values near 1e160 has
// squares near 1e320, beyond float64, and one of values near 1e-170 has squares that round to 0, so
// √(Σd²/n) would be +Inf or 0. For a column whose largest deviation m = max|x − mean| lies outside
// 2^±450 (about 1e±135) the deviation is computed as m·√(Σ(d/m)²/n) instead — the same number, from terms
// near 1 (scaledDeviation). Likewise a column whose sum Σx overflows gets its mean as Σ(x/n)
// (scaledMean). Every other column gets the plain sums, bit for bit. ParseDataset has refused columns
// whose values lie further apart than a float64 holds, so each d is finite.
//
// A deviation below minStd (a constant column's 0, or one so small that dividing by it overflows) is
// replaced by 1: the column is centred, not divided.
func FitStandardizer(x *Matrix) *Standardizer {
	n := float64(x.rows)
	mean := SumRows(x) // [1 x D]
	ScaleInto(mean, 1/n, mean)
	s := &Standardizer{Mean: mean.data, Std: make([]float64, x.cols)}
	for j, mu := range s.Mean {
		if notFinite(mu) {
			s.Mean[j] = scaledMean(x, j) // Σx overflowed
		}
	}
	largest := make([]float64, x.cols) // [D] m: each column's largest |x − mean|
	for i := 0; i < x.rows; i++ {
		for j, v := range x.Row(i) {
			d := v - s.Mean[j]
			s.Std[j] += d * d
			largest[j] = math.Max(largest[j], math.Abs(d))
		}
	}
	for j := range s.Std {
		if m := largest[j]; m > 0x1p450 || m > 0 && m < 0x1p-450 {
			s.Std[j] = scaledDeviation(x, j, s.Mean[j], m) // Σd² left float64's range
		} else {
			s.Std[j] = math.Sqrt(s.Std[j] / n)
		}
		if s.Std[j] < minStd {
			s.Std[j] = 1 // a constant column: centred only
		}
	}
	return s
}

// minStd is the smallest standard deviation a Standardizer divides by: the smallest normal float64,
// 2⁻¹⁰²² ≈ 2.2e-308. Below it the numbers are subnormal, with fewer digits, and dividing a difference
// of 1 by one below 5.6e-309 is +Inf.
const minStd = 0x1p-1022

// scaledMean returns the mean of column j of x as Σ(x/n): each term at most the largest |x|, so the sum
// cannot overflow where Σx did.
func scaledMean(x *Matrix, j int) float64 {
	n, sum := float64(x.rows), 0.0
	for i := 0; i < x.rows; i++ {
		sum += x.At(i, j) / n
	}
	return sum
}

// scaledDeviation returns the population standard deviation of column j of x about mean, whose largest
// deviation is m > 0, as m·√(Σ((x − mean)/m)²/n): every term is at most 1, so neither the squares nor
// their sum leaves float64's range.
func scaledDeviation(x *Matrix, j int, mean, m float64) float64 {
	n, sum := float64(x.rows), 0.0
	for i := 0; i < x.rows; i++ {
		d := (x.At(i, j) - mean) / m
		sum += d * d
	}
	return m * math.Sqrt(sum/n)
}

// Apply returns a new matrix: x with each column j replaced by (x − Mean[j]) / Std[j].
func (s *Standardizer) Apply(x *Matrix) *Matrix {
	if len(s.Mean) != x.cols {
		panic(fmt.Sprintf("Standardizer.Apply: %d means for %s data", len(s.Mean), x.shape()))
	}
	z := NewMatrix(x.rows, x.cols)
	for i := 0; i < x.rows; i++ {
		zi := z.Row(i)
		for j, v := range x.Row(i) {
			zi[j] = (v - s.Mean[j]) / s.Std[j]
		}
	}
	return z
}

// ---------------------------------------------------------------------------------------------------
// Feature crosses: -features, TensorFlow Playground's extra inputs for two-feature data.

// FeatureCross is one input -features can give the network, made from a row's two raw features x1, x2
// (before any standardization): its name in TensorFlow Playground, the ASCII spellings also accepted,
// and the function.
type FeatureCross struct {
	Name  string
	ASCII []string
	F     func(x1, x2 float64) float64
}

// FeatureCrosses are -features' inputs, in TensorFlow Playground's order: the two features themselves,
// their squares, their product, their sines. Given x1² and x2², the softmax linear classifier draws
// a·x1² + b·x2² + c = 0 — an ellipse in the plane — so it can separate circles (README: Why the hidden
// layer).
var FeatureCrosses = []FeatureCross{
	{"x1", nil, func(x1, x2 float64) float64 { return x1 }},
	{"x2", nil, func(x1, x2 float64) float64 { return x2 }},
	{"x1²", []string{"x1^2", "x1**2", "x1*x1"}, func(x1, x2 float64) float64 { return x1 * x1 }},
	{"x2²", []string{"x2^2", "x2**2", "x2*x2"}, func(x1, x2 float64) float64 { return x2 * x2 }},
	{"x1x2", []string{"x1*x2"}, func(x1, x2 float64) float64 { return x1 * x2 }},
	{"sin(x1)", []string{"sinx1"}, func(x1, x2 float64) float64 { return math.Sin(x1) }},
	{"sin(x2)", []string{"sinx2"}, func(x1, x2 float64) float64 { return math.Sin(x2) }},
}

// crossNames lists FeatureCrosses' names, for messages: "x1, x2, x1², x2², x1x2, sin(x1), sin(x2)".
func crossNames() string {
	var names []string
	for _, c := range FeatureCrosses {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

// ParseFeatures reads a -features list ("x1,x2,x1^2,x2^2"): each item one of FeatureCrosses by its
// name or an ASCII spelling, none twice. It returns the names as TensorFlow Playground writes them, or
// a usage error naming the item that is wrong and what is accepted.
func ParseFeatures(spec string) ([]string, error) {
	var names []string
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		i := slices.IndexFunc(FeatureCrosses, func(c FeatureCross) bool { return c.Name == item || slices.Contains(c.ASCII, item) })
		switch {
		case i < 0:
			return nil, usagef("invalid value %s for flag -features: %s is not one of the inputs; want a comma-separated list of %s (x1^2, x2^2 and x1*x2 accepted for x1², x2², x1x2)",
				quoteText(spec), quoteText(item), crossNames())
		case slices.Contains(names, FeatureCrosses[i].Name):
			return nil, usagef("invalid value %s for flag -features: %s is given twice; want each input once", quoteText(spec), FeatureCrosses[i].Name)
		}
		names = append(names, FeatureCrosses[i].Name)
	}
	return names, nil
}

// CrossFeatures returns the inputs names asks for (ParseFeatures's names), made from the raw features
// x [N x 2]: column k of the result, [N x len(names)], is names[k]'s function of each row's x1, x2. It
// panics unless x has two columns and every name is one of FeatureCrosses (ParseFeatures and
// Model.check have made sure).
func CrossFeatures(x *Matrix, names []string) *Matrix {
	if x.cols != 2 {
		panic(fmt.Sprintf("CrossFeatures: %s data; want two features, x1 and x2", x.shape()))
	}
	out := NewMatrix(x.rows, len(names)) // [N x F]
	for k, name := range names {
		c := FeatureCrosses[slices.IndexFunc(FeatureCrosses, func(c FeatureCross) bool { return c.Name == name })]
		for i := 0; i < x.rows; i++ {
			out.Set(i, k, c.F(x.At(i, 0), x.At(i, 1)))
		}
	}
	return out
}

// ---------------------------------------------------------------------------------------------------
// Saved models: what -save writes and -load reads.

// modelFormat is the "format" field of a model file, so that -load can tell one from other JSON.
const modelFormat = "nnfromscratch model"

// Model is everything needed to predict with a trained network: -save writes it as JSON, -load reads it.
// Numbers are written in shortest round-trip form, so a loaded model has the trained weights to the last
// bit and predicts exactly the same probabilities.
type Model struct {
	Format      string        `json:"format"`
	Version     int           `json:"version"`              // 3 since the activation is kept; files of versions 1 and 2 are read too, as ReLU networks
	Sizes       []int         `json:"sizes"`                // inputs, hidden sizes…, classes
	Activation  string        `json:"activation,omitempty"` // the hidden layers' (-activation); version 3 names it, older files are the post's relu
	Weights     [][]float64   `json:"weights"`              // Weights[l]: W[l], row-major
	Biases      [][]float64   `json:"biases"`               // Biases[l]: B[l]
	Features    []string      `json:"features"`             // the raw features' names: the columns -predict reads
	Inputs      []string      `json:"inputs,omitempty"`     // -features' inputs, made from the two raw features (version 3); nil: the features as they are
	Classes     []string      `json:"classes"`
	Label       *Label        `json:"label,omitempty"`       // the training file's label column; nil for generated data
	Standardize *Standardizer `json:"standardize,omitempty"` // nil: features are used as they are
}

// NewModel packs a trained network with the names and scaling its data need: ds's raw feature names,
// and inputs, -features' list (nil without it), which -predict applies to them before st.
func NewModel(net *Network, ds *Dataset, inputs []string, st *Standardizer) *Model {
	m := &Model{Format: modelFormat, Version: modelVersion, Sizes: net.Sizes(), Activation: net.activation(), Features: ds.Features, Inputs: inputs,
		Classes: ds.Classes, Label: ds.Label, Standardize: st}
	for l := range net.W {
		m.Weights = append(m.Weights, net.W[l].data)
		m.Biases = append(m.Biases, net.B[l].data)
	}
	return m
}

// modelVersion is the version -save writes: 1 had no label column, 2 no activation (its networks are
// ReLU networks, as the post's).
const modelVersion = 3

// modelMemoryFactor is how many times its size a model file takes in memory while ReadModel reads it:
// the bytes, the JSON decoder's copy of them, and the numbers as float64s. Measured like
// csvMemoryFactor, on files -save wrote (1000 → 5000 → 10 units): 7.0× with trained weights of 17 to 20
// digits (135 MB), 7.2× with every weight 0 (227 MB), the costliest numbers per byte.
const modelMemoryFactor = 8

// ReadModel reads and checks a model file: at most what the machine's memory allows (readAtMost), one
// JSON object with the fields -save writes and nothing after it, no null anywhere (encoding/json would
// read a null number as 0, and a null list as an empty one), and what Model.check checks.
func ReadModel(r io.Reader, name string) (*Model, error) {
	limit, why := readLimit("a model file", modelMemoryFactor)
	b, err := readAtMost(r, name, limit, why)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s is not a model file written by -save: %s", name, shortError(err))
	}
	if end := dec.InputOffset(); len(bytes.TrimSpace(b[end:])) > 0 {
		rest := bytes.TrimSpace(b[end:])
		return nil, fmt.Errorf("%s is not a model file written by -save: after its JSON object (byte %d) come %d bytes more, starting %s",
			name, end, len(rest), quoteText(string(rest[:min(len(rest), maxQuoted*utf8.UTFMax)])))
	}
	if hasNull(b) {
		return nil, fmt.Errorf("%s is not a valid model file: %s is null, where -save writes numbers or names", name, firstNull(b))
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%s is not a valid model file: %v", name, err)
	}
	return &m, nil
}

// hasNull reports whether the JSON text b (one valid value) has a null: in valid JSON the letter n
// outside a string starts one (true, false and numbers have none). A quick scan, so that only a file
// with a null pays for firstNull's walk, which takes twice as long as decoding the file.
func hasNull(b []byte) bool {
	inString := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case inString && c == '\\':
			i++ // the escaped character
		case c == '"':
			inString = !inString
		case !inString && c == 'n':
			return true
		}
	}
	return false
}

// firstNull returns where the JSON text b (one valid value) has its first null, as a path such as
// weights[0][3] or standardize.std[1], or "" when it has none.
func firstNull(b []byte) string {
	type level struct {
		array     bool
		index     int    // in an array: the value's place
		key       string // in an object: the value's key
		expectKey bool   // in an object: a key comes next
	}
	var path []level
	done := func() { // the value at the end of path is complete: the next one comes
		if top := len(path) - 1; top >= 0 {
			if path[top].array {
				path[top].index++
			} else {
				path[top].expectKey = true
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if top := len(path) - 1; top >= 0 && !path[top].array && path[top].expectKey {
			if tok == json.Delim('}') {
				path = path[:top]
				done()
			} else {
				path[top].key, path[top].expectKey = tok.(string), false
			}
			continue
		}
		switch tok {
		case json.Delim('{'):
			path = append(path, level{expectKey: true})
		case json.Delim('['):
			path = append(path, level{array: true})
		case json.Delim(']'):
			path = path[:len(path)-1]
			done()
		case nil:
			var s strings.Builder
			for i, l := range path {
				if l.array {
					fmt.Fprintf(&s, "[%d]", l.index)
				} else if i == 0 {
					s.WriteString(l.key)
				} else {
					s.WriteString("." + l.key)
				}
			}
			if s.Len() == 0 {
				return "the whole file"
			}
			return s.String()
		default:
			done()
		}
	}
}

// check refuses a model whose fields do not fit together, naming the field: the format and version,
// sizes, arrays of the wrong length, feature or class names given twice (columns are found by name, and
// a class twice would be two outputs for one name), a label named like a feature, and a standardization
// with a mean or a deviation that cannot be used (a deviation below minStd overflows when divided by).
func (m *Model) check() error {
	if m.Format != modelFormat || m.Version < 1 || m.Version > modelVersion {
		return fmt.Errorf("format %s version %d; want %q version 1 to %d", quoteText(m.Format), m.Version, modelFormat, modelVersion)
	}
	switch {
	case m.Version < 3 && m.Activation != "":
		return fmt.Errorf("activation %s in a version %d file; only version 3 names the activation (older files are relu networks)", quoteText(m.Activation), m.Version)
	case m.Version >= 3 && !slices.Contains(Activations, m.Activation):
		return fmt.Errorf("activation %s; want one of: %s", quoteText(m.Activation), strings.Join(Activations, ", "))
	}
	if len(m.Sizes) < 2 {
		return fmt.Errorf("%d layer sizes; want at least 2", len(m.Sizes))
	}
	for _, s := range m.Sizes {
		if s <= 0 || s > maxModelSize { // bounded, so that no product of two sizes overflows
			return fmt.Errorf("layer size %d; want 1 to %d", s, maxModelSize)
		}
	}
	layers := len(m.Sizes) - 1
	if len(m.Weights) != layers || len(m.Biases) != layers {
		return fmt.Errorf("%d weight and %d bias arrays for %d layers", len(m.Weights), len(m.Biases), layers)
	}
	for l := 0; l < layers; l++ {
		if len(m.Weights[l]) != m.Sizes[l]*m.Sizes[l+1] || len(m.Biases[l]) != m.Sizes[l+1] {
			return fmt.Errorf("layer %d has %d weights and %d biases; sizes %d → %d want %d and %d",
				l+1, len(m.Weights[l]), len(m.Biases[l]), m.Sizes[l], m.Sizes[l+1], m.Sizes[l]*m.Sizes[l+1], m.Sizes[l+1])
		}
	}
	if m.Inputs != nil {
		if _, err := ParseFeatures(strings.Join(m.Inputs, ",")); err != nil || m.Version < 3 || len(m.Inputs) != m.Sizes[0] || len(m.Features) != 2 {
			return fmt.Errorf("inputs %s for %d features and %d inputs in version %d; want, in version 3, one input per size[0] from 2 features, each once, of: %s",
				quoteText(strings.Join(m.Inputs, ",")), len(m.Features), m.Sizes[0], m.Version, crossNames())
		}
	} else if len(m.Features) != m.Sizes[0] {
		return fmt.Errorf("%d feature names for sizes %v", len(m.Features), m.Sizes)
	}
	if len(m.Classes) != m.Sizes[layers] || len(m.Classes) < 2 {
		return fmt.Errorf("%d feature names and %d class names for sizes %v", len(m.Features), len(m.Classes), m.Sizes)
	}
	for _, names := range []struct {
		field string
		list  []string
	}{{"features", m.Features}, {"classes", m.Classes}} {
		if i, j := firstRepeat(names.list); i >= 0 {
			return fmt.Errorf("%s[%d] and %s[%d] are both %s; each needs a name of its own", names.field, i, names.field, j, quoteText(names.list[i]))
		}
	}
	if name := m.labelName(); name != "" && slices.Contains(m.Features, name) {
		return fmt.Errorf("label.name %s is also the name of a feature", quoteText(name))
	}
	if st := m.Standardize; st != nil {
		if len(st.Mean) != m.Sizes[0] || len(st.Std) != m.Sizes[0] {
			return fmt.Errorf("standardize has %d means and %d deviations for %d inputs", len(st.Mean), len(st.Std), m.Sizes[0])
		}
		for j, s := range st.Std {
			if !(s >= minStd) || notFinite(s) || notFinite(st.Mean[j]) {
				return fmt.Errorf("standardize.std[%d] is %v and standardize.mean[%d] %v; want a finite mean and a deviation of at least %v (dividing by a smaller one overflows)",
					j, s, j, st.Mean[j], minStd)
			}
		}
	}
	return nil
}

// maxModelSize is the largest layer size a model file may state (2²⁴, far above any -hidden).
const maxModelSize = 1 << 24

// Network returns the model's network (sharing its numbers).
func (m *Model) Network() *Network {
	net := &Network{Activation: m.Activation} // "" in older files: the post's relu
	for l := range m.Weights {
		net.W = append(net.W, NewMatrixFrom(m.Sizes[l], m.Sizes[l+1], m.Weights[l]))
		net.B = append(net.B, NewMatrixFrom(1, m.Sizes[l+1], m.Biases[l]))
	}
	return net
}

// columnsOf finds the model's features and label in the table t (see predictWith), taking the header if
// t has one. labelCol is −1 when the rows have no labels; label is −1 unless -label named a column.
func (m *Model) columnsOf(t *Table, label int, modelPath string) (featureCols []int, labelCol int, err error) {
	d, width := len(m.Features), len(t.Rows[0])
	features := shortList(namesText(m.Features), 8)
	if width < d {
		return nil, 0, fmt.Errorf("%s has %d columns; the model in %s takes %d features (%s), with or without a label column",
			t.Name, width, modelPath, d, features)
	}
	if err := t.checkLabel(label); err != nil {
		return nil, 0, err
	}
	// the label column if the layout is the training file's: given, or where the model's label was
	labelCol = label
	if labelCol < 0 && width == d+1 {
		labelCol = width - 1
		if m.Label != nil && m.Label.Column >= 1 && m.Label.Column <= width {
			labelCol = m.Label.Column - 1
		}
	}
	if err := t.takeHeader(labelCol); err != nil {
		return nil, 0, err
	}
	if t.HasHeader && !m.positional() {
		index := map[string]int{} // a header names each column once (takeHeader)
		for j, h := range t.Header {
			index[h] = j
		}
		var missing []string
		for _, f := range m.Features {
			j, ok := index[f]
			if !ok {
				missing = append(missing, f)
			}
			featureCols = append(featureCols, j)
		}
		if len(missing) > 0 {
			return nil, 0, fmt.Errorf("%s has no column named %s; the model in %s takes %s",
				t.Name, shortList(namesText(missing), 5), modelPath, features)
		}
		labelCol = label
		if j, ok := index[m.labelName()]; ok && label < 0 {
			labelCol = j
		}
		for _, j := range featureCols {
			if j == labelCol {
				return nil, 0, usageError{fmt.Errorf("-label %d: column %d of %s is the model's feature %s", label+1, j+1, t.Name, nameText(t.Header[j]))}
			}
		}
		return featureCols, labelCol, nil
	}
	switch {
	case width == d && label < 0:
		labelCol = -1
	case width == d+1 && labelCol >= 0:
	default:
		return nil, 0, fmt.Errorf("%s has %d columns; the model in %s takes %d features (%s), with or without a label column",
			t.Name, width, modelPath, d, features)
	}
	return t.featureColumns(labelCol), labelCol, nil
}

// positional reports whether the model's features have only made-up names (col1, col2, …) because its
// training file had no header, so that files are read by position.
func (m *Model) positional() bool { return m.Label != nil && m.Label.Name == "" }

// labelName is the name of the model's label column, or "" when it had none.
func (m *Model) labelName() string {
	if m.Label == nil {
		return ""
	}
	return m.Label.Name
}

// unusedColumns names the columns of t that are neither features nor the label, as messages show
// names (nameText).
func (t *Table) unusedColumns(featureCols []int, labelCol int) []string {
	used := map[int]bool{labelCol: true}
	for _, j := range featureCols {
		used[j] = true
	}
	var names []string
	for j, h := range t.Header {
		if !used[j] {
			names = append(names, nameText(h))
		}
	}
	return names
}

// ---------------------------------------------------------------------------------------------------
// Memory: work is refused before it is allocated when the machine lacks the room.

// checkMemory refuses, in one line, work that would need more memory than the machine has available
// (on Linux, MemAvailable in /proc/meminfo; elsewhere it does not check).
func checkMemory(what string, need float64) error {
	avail := availableMemory()
	if avail <= 0 || need <= avail {
		return nil
	}
	return fmt.Errorf("%s would need about %s of memory, and this machine has %s available", what, byteSize(need), byteSize(avail))
}

// checkMatrixMemory refuses, before it is allocated, a rows × cols matrix of float64s (8 bytes each)
// that needs more memory than the machine has available, naming what it is for and its size in the
// words given for its columns ("classes").
func checkMatrixMemory(what string, rows, cols int, colsAre string) error {
	return checkMemory(fmt.Sprintf("%s (%d rows × %d %s)", what, rows, cols, colsAre), 8*float64(rows)*float64(cols))
}

// availableMemory returns the bytes of memory available for new work, or 0 when it cannot tell.
func availableMemory() float64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "MemAvailable:" && f[2] == "kB" {
			kb, err := strconv.ParseFloat(f[1], 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}

// byteSize formats a number of bytes for people: 512 bytes, 3.2 MB, 41.7 GB.
func byteSize(b float64) string {
	for _, u := range []struct {
		size float64
		name string
	}{{1e12, "TB"}, {1e9, "GB"}, {1e6, "MB"}, {1e3, "kB"}} {
		if b >= u.size {
			return fmt.Sprintf("%.1f %s", b/u.size, u.name)
		}
	}
	return fmt.Sprintf("%.0f bytes", b)
}

// ---------------------------------------------------------------------------------------------------
// Reading files, and the words of messages.

// readTableFile reads a CSV file; the path "-" is standard input, as for Go's and Unix's tools.
func readTableFile(path string, stdin io.Reader) (*Table, error) {
	if path == "-" {
		return ReadTable(stdin, "standard input")
	}
	f, err := openInput(path, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadTable(f, path)
}

// openInput opens a file the program reads. A folder is refused, in words; so is anything but a regular
// file when regular is set (a model file), while a CSV file may come through a pipe (-data <(…)).
func openInput(path string, regular bool) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, errors.Unwrap(err))
	}
	if fi, err := f.Stat(); err == nil && (fi.IsDir() || regular && !fi.Mode().IsRegular()) {
		f.Close()
		return nil, fmt.Errorf("cannot read %s: it is %s, not a file of data", path, describeMode(fi.Mode()))
	}
	return f, nil
}

// describeMode names the kind of file a mode describes, for messages.
func describeMode(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	case m.IsRegular():
		return "a file"
	}
	return "not a regular file"
}

// numbered gives class names their numbers: "0 = setosa", "1 = versicolor".
func numbered(names []string) []string {
	parts := make([]string, len(names))
	for k, n := range names {
		parts[k] = fmt.Sprintf("%d = %s", k, n)
	}
	return parts
}

// shortList joins names with commas, the first max of them, then "… and N more".
func shortList(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s … and %d more", strings.Join(names[:max], ", "), len(names)-max)
}

// thousands writes n with commas between groups of three digits: 200,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Messages: a user's text, quoted short and on one line.

// maxQuoted is how many characters of a user's text (a field, a name) a message repeats at most.
const maxQuoted = 40

// quoteText returns text from a user's file for a message, on one line and short: in Go's double quotes,
// so that a newline, a tab or a byte that is not UTF-8 shows as an escape (\n, \t, \xe9) and the message
// stays on one line, and cut after maxQuoted characters, marked with "…", so that a 10 MB field gives a
// short message. Every message of data.go that repeats a user's text goes through it (or nameText).
func quoteText(s string) string {
	if cut, whole := cutText(s, maxQuoted); !whole {
		return strconv.Quote(cut) + "…"
	}
	return strconv.Quote(s)
}

// nameText returns a name from a user's file (a column's, a feature's, a class's) for a message: as it is
// when it is short, printable text, as names mostly are (sepal_length, width in cm), else as quoteText
// quotes it (an empty name, one with a newline, one of 10 MB).
func nameText(s string) string {
	if _, whole := cutText(s, maxQuoted); whole && s != "" && utf8.ValidString(s) && strings.IndexFunc(s, notPrintable) < 0 {
		return s
	}
	return quoteText(s)
}

// notPrintable reports whether r is a character that would not show as itself in a message.
func notPrintable(r rune) bool { return !unicode.IsPrint(r) }

// namesText returns each of names as nameText shows it.
func namesText(names []string) []string {
	shown := make([]string, len(names))
	for i, n := range names {
		shown[i] = nameText(n)
	}
	return shown
}

// cutText returns the first max characters of s, and whether that is all of s (a byte that is not
// UTF-8 counts as one character).
func cutText(s string, max int) (cut string, whole bool) {
	n := 0
	for i := range s {
		if n == max {
			return s[:i], false
		}
		n++
	}
	return s, true
}

// shortError returns a library's error message cut to a few hundred characters: encoding/json quotes,
// for example, an unknown field's whole name.
func shortError(err error) string {
	if cut, whole := cutText(err.Error(), 10*maxQuoted); !whole {
		return cut + "…"
	}
	return err.Error()
}

// runMemory estimates, in bytes, what a run needs: the data (the whole set, its split, standardized
// copies), the training step's buffers (three per layer of batch rows: the layer, its input before the
// ReLU, its error signal), the test set's forward pass, the weights and their gradients, the split's
// permutation, and one loss per step for -plot.
func runMemory(rows, trainRows, batch, features, classes int, hidden []int, recordedSteps int) float64 {
	sumH, weights, prev := 0, 0, features
	for _, h := range append(append([]int{}, hidden...), classes) {
		sumH += h
		weights += (prev + 1) * h
		prev = h
	}
	sumH -= classes
	data := 3 * rows * (features + classes)
	step := batch * (3*sumH + 3*classes)
	test := (rows - trainRows) * (2*sumH + 2*classes)
	return 8 * float64(data+step+test+6*weights+2*rows+recordedSteps)
}

// SeparatingPair returns the two features that separate the classes best by Fisher's criterion — the
// spread of the class means about the overall mean, over the spread of the examples about their class's
// mean, Σₖ nₖ(μₖ − μ)² / Σᵢ (xᵢ − μ_class(i))² — the two with the largest ratios, in column order. With
// two features it returns them.
func (ds *Dataset) SeparatingPair() (i, j int) {
	if ds.X.cols == 2 {
		return 0, 1
	}
	labels := ds.Labels()
	k, d := len(ds.Classes), ds.X.cols
	count, sums := make([]float64, k), NewMatrix(k, d) // [K x D] per-class sums
	for r, c := range labels {
		count[c]++
		for f, v := range ds.X.Row(r) {
			sums.data[c*d+f] += v
		}
	}
	total := SumRows(ds.X) // [1 x D]
	score := make([]float64, d)
	for f := 0; f < d; f++ {
		mean, between, within := total.data[f]/float64(ds.X.rows), 0.0, 0.0
		for c := 0; c < k; c++ {
			if count[c] > 0 {
				between += count[c] * math.Pow(sums.data[c*d+f]/count[c]-mean, 2)
			}
		}
		for r, c := range labels {
			within += math.Pow(ds.X.At(r, f)-sums.data[c*d+f]/count[c], 2)
		}
		score[f] = between / within // +Inf when every class is constant: perfectly separating
		if math.IsNaN(score[f]) {
			score[f] = 0 // a constant column
		}
	}
	order := make([]int, d)
	for f := range order {
		order[f] = f
	}
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
	return min(order[0], order[1]), max(order[0], order[1])
}

// ---------------------------------------------------------------------------------------------------
// Arrays as numpy saves them: .npz, .npy, and a JSON form — what a learner's own port writes for -check.
//
// np.save writes one array as a .npy file: the magic bytes \x93NUMPY, a version (1.0, 2.0 or 3.0), the
// length of a header, the header — a Python dict literal such as
//
//	{'descr': '<f8', 'fortran_order': False, 'shape': (135, 5), }
//
// padded with spaces to a multiple of 64 bytes and ended by a newline — and then the raw elements,
// 8·135·5 bytes here. np.savez and np.savez_compressed write several as a zip archive of .npy files, one
// member NAME.npy per keyword, stored or deflated. A port in another language can write the JSON form
// instead: one object of names to numbers or nested arrays of numbers.
//
// Everything here reads bytes a user hands us, so nothing is allocated from what a header claims before
// it is checked against the bytes actually present: a header claiming 10¹² elements in a 1 KB file is
// refused, not allocated.

// Array is one named array read by ReadArrays.
type Array struct {
	Name  string    // np.savez's keyword, the .npy file's name without .npy, or the JSON key
	Shape []int     // numpy's shape; empty for a 0-d array such as np.savez's step=0
	Data  []float64 // the elements in row-major (C) order; len(Data) is the product of Shape (1 for 0-d)
	DType string    // what they were stored as: float64, float32, int64, int32 or bool; json for the JSON form
}

// npyAccepted is the part of every refusal of a .npy file that says what is read.
const npyAccepted = "-check reads little-endian float64, float32, int64, int32 and bool ('<f8' '<f4' '<i8' '<i4' '|b1'), in C or Fortran order, as np.save, np.savez and np.savez_compressed write them"

var (
	npyMagic      = []byte("\x93NUMPY")
	zipMagic      = []byte("PK\x03\x04") // a zip archive's first local file header
	zipEmptyMagic = []byte("PK\x05\x06") // the end record alone: the archive np.savez writes with no arrays
)

// ReadArrays reads the arrays of a file in the order the file holds them, telling the form by its first
// bytes: a zip archive is an .npz (every member a .npy file, stored or deflated), \x93NUMPY a lone .npy
// (named after the file: training_data.npy holds training_data), and '{' the JSON form. It refuses, with
// one line naming the file (and the member) and what it accepts: another dtype, a big-endian one, an
// object array (numpy pickles those), a header that does not parse, a shape that does not fit the data
// (a truncated file among them), two arrays of one name, and JSON arrays that are ragged or hold
// anything but numbers. Integers are converted to float64 exactly up to 2⁵³, bools to 0 and 1.
func ReadArrays(path string) ([]*Array, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, err)
	}
	return parseArrays(b, path)
}

// parseArrays is ReadArrays on the bytes b of the file path.
func parseArrays(b []byte, path string) ([]*Array, error) {
	switch trimmed := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\uFEFF")), " \t\r\n"); {
	case bytes.HasPrefix(b, zipMagic) || bytes.HasPrefix(b, zipEmptyMagic):
		return readNPZ(b, path)
	case bytes.HasPrefix(b, npyMagic):
		name := strings.TrimSuffix(filepath.Base(path), ".npy")
		a, err := readNPY(bytes.NewReader(b), int64(len(b)), path)
		if err != nil {
			return nil, err
		}
		a.Name = name
		return []*Array{a}, nil
	case len(trimmed) > 0 && trimmed[0] == '{':
		return readArraysJSON(b, path)
	}
	return nil, fmt.Errorf("%s is not an .npz, an .npy or a JSON object (it starts with %q); -check reads what np.savez, np.savez_compressed and np.save write, or a JSON object of names to nested arrays of numbers",
		path, firstBytes(b, 8))
}

// firstBytes returns up to n bytes of b, for messages.
func firstBytes(b []byte, n int) []byte { return b[:min(n, len(b))] }

// readNPZ reads every member of the zip archive b as a .npy file named by its member name less .npy,
// in the archive's order. A member that is not NAME.npy, a compression other than store and deflate
// (np.savez stores, np.savez_compressed deflates), and two members of one name are refused.
func readNPZ(b []byte, path string) ([]*Array, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("%s is not a readable .npz (a zip archive of .npy files): %v", path, err)
	}
	var arrays []*Array
	seen := map[string]bool{}
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".npy")
		where := fmt.Sprintf("%s, member %s", path, f.Name)
		switch {
		case !ok || name == "":
			return nil, fmt.Errorf("%s is not a .npy file; an .npz holds only the NAME.npy members np.savez writes", where)
		case seen[name]:
			return nil, fmt.Errorf("%s: a second array named %s; each name may appear once", where, name)
		case f.Method != zip.Store && f.Method != zip.Deflate:
			return nil, fmt.Errorf("%s is compressed with zip method %d; -check reads stored and deflated members, as np.savez and np.savez_compressed write them", where, f.Method)
		}
		seen[name] = true
		a, err := readMember(f, where)
		if err != nil {
			return nil, err
		}
		a.Name = name
		arrays = append(arrays, a)
	}
	return arrays, nil
}

// readMember reads one member of an .npz as a .npy file of the size the archive states.
func readMember(f *zip.File, where string) (*Array, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", where, err)
	}
	defer rc.Close()
	if f.UncompressedSize64 > math.MaxInt64 {
		return nil, fmt.Errorf("%s claims %d bytes, more than any file", where, f.UncompressedSize64)
	}
	return readNPY(rc, int64(f.UncompressedSize64), where)
}

// npyHeader is what a .npy header says: the dtype's descr ('<f8'), the element order and the shape.
type npyHeader struct {
	descr   string
	fortran bool
	shape   []int
}

// maxNPYHeader is the longest header read, numpy's own limit (max_header_size, numpy 1.24): no header of
// an array of numbers comes near it.
const maxNPYHeader = 10000

// readNPY reads one .npy file from r, which holds size bytes (the file's length, or the member's size
// as its archive states it); where names it in messages. The header is read first, and the elements
// only once their number times their width is exactly the size left: so a header that claims more than
// is there allocates nothing, and a truncated file or one with bytes to spare is refused.
func readNPY(r io.Reader, size int64, where string) (*Array, error) {
	h, headerLen, err := readNPYHeader(r, size, where)
	if err != nil {
		return nil, err
	}
	dt, err := npyDType(h.descr, where)
	if err != nil {
		return nil, err
	}
	have := size - headerLen
	need := dataSize(h.shape, dt.width, have)
	if need != have {
		return nil, fmt.Errorf("%s holds %d bytes of data, but shape %s of '%s' needs %s: the file is truncated or its header is wrong",
			where, have, pyShape(h.shape), h.descr, shapeBytes(h.shape, dt.width))
	}
	raw, err := io.ReadAll(io.LimitReader(r, need+1)) // grows with the bytes that arrive, never from the claim
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot read %s: %v", where, err)
	case int64(len(raw)) != need:
		return nil, fmt.Errorf("%s holds %d bytes of data, but shape %s of '%s' needs %d: the file is truncated or its header is wrong",
			where, len(raw), pyShape(h.shape), h.descr, need)
	}
	a := &Array{Shape: h.shape, Data: make([]float64, need/int64(dt.width)), DType: dt.name}
	for i := range a.Data {
		a.Data[i] = dt.decode(raw[i*dt.width:])
	}
	if h.fortran {
		a.Data = fortranToC(a.Data, a.Shape)
	}
	return a, nil
}

// readNPYHeader reads the magic, the version, the header's length and the header, and parses it. It
// returns the header and the bytes read so far (where the data begin). Versions 1.0 (a 2-byte length,
// Latin-1), 2.0 (a 4-byte length) and 3.0 (a 4-byte length, UTF-8) are read; all lengths are
// little-endian.
func readNPYHeader(r io.Reader, size int64, where string) (h npyHeader, headerLen int64, err error) {
	prelude := make([]byte, 12) // magic 6, version 2, length 2 (v1) or 4 (v2, v3)
	if _, err := io.ReadFull(r, prelude[:10]); err != nil {
		return h, 0, fmt.Errorf("%s is truncated: shorter than a .npy header (10 bytes or more)", where)
	}
	if !bytes.Equal(prelude[:6], npyMagic) {
		return h, 0, fmt.Errorf("%s is not a .npy file: it starts with %q, not \\x93NUMPY; %s", where, prelude[:6], npyAccepted)
	}
	major, minor := prelude[6], prelude[7]
	n, start := int64(prelude[8])|int64(prelude[9])<<8, int64(10)
	switch {
	case major == 1 && minor == 0:
	case (major == 2 || major == 3) && minor == 0:
		if _, err := io.ReadFull(r, prelude[10:12]); err != nil {
			return h, 0, fmt.Errorf("%s is truncated: shorter than a .npy header (12 bytes for version %d.0)", where, major)
		}
		n, start = n|int64(prelude[10])<<16|int64(prelude[11])<<24, 12
	default:
		return h, 0, fmt.Errorf("%s is .npy version %d.%d; -check reads versions 1.0, 2.0 and 3.0", where, major, minor)
	}
	if n > maxNPYHeader || start+n > size {
		return h, 0, fmt.Errorf("%s has a header of %d bytes in a file of %d: the file is truncated or not a .npy (numpy reads headers up to %d bytes)",
			where, n, size, maxNPYHeader)
	}
	text := make([]byte, n)
	if _, err := io.ReadFull(r, text); err != nil {
		return h, 0, fmt.Errorf("%s is truncated inside its %d-byte header", where, n)
	}
	h, err = parseNPYHeader(text)
	if err != nil {
		return h, 0, fmt.Errorf("%s: the .npy header %q does not parse: %v; want a dict such as {'descr': '<f8', 'fortran_order': False, 'shape': (135, 5), }",
			where, bytes.TrimRight(text, " \n"), err)
	}
	return h, start + n, nil
}

// parseNPYHeader parses a header's dict: exactly the keys 'descr' (a string), 'fortran_order' (True or
// False) and 'shape' (a tuple of at most 32 sizes, numpy's limit), as numpy demands.
func parseNPYHeader(text []byte) (npyHeader, error) {
	var h npyHeader
	p := &pyParser{s: string(text)}
	d, err := p.dict()
	if err != nil {
		return h, err
	}
	if len(d) != 3 || !hasKeys(d, "descr", "fortran_order", "shape") {
		return h, fmt.Errorf("its keys are %s, not 'descr', 'fortran_order' and 'shape'", strings.Join(p.keys, ", "))
	}
	var ok bool
	switch descr := d["descr"].(type) {
	case string:
		h.descr = descr
	case pyList:
		return h, errors.New("'descr' is a list of fields: a structured array (np.savez of named columns); save each column as its own array")
	default:
		return h, fmt.Errorf("'descr' is %s, not a string such as '<f8'", pyRepr(descr))
	}
	if h.fortran, ok = d["fortran_order"].(bool); !ok {
		return h, fmt.Errorf("'fortran_order' is %s, not True or False", pyRepr(d["fortran_order"]))
	}
	if h.shape, ok = pyShapeOf(d["shape"]); !ok {
		return h, fmt.Errorf("'shape' is %s, not a tuple of at most 32 sizes such as (135, 5), (3,) or ()", pyRepr(d["shape"]))
	}
	return h, nil
}

// hasKeys reports whether d has every one of keys.
func hasKeys(d map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := d[k]; !ok {
			return false
		}
	}
	return true
}

// pyShapeOf returns v as a shape: a tuple of at most 32 integers, none negative.
func pyShapeOf(v any) ([]int, bool) {
	t, ok := v.(pyTuple)
	if !ok || len(t) > 32 {
		return nil, false
	}
	shape := []int{}
	for _, x := range t {
		n, ok := x.(int64)
		if !ok || n < 0 {
			return nil, false
		}
		shape = append(shape, int(n))
	}
	return shape, true
}

// dataSize returns the bytes that shape's elements of width bytes need, or −1 when that is more than
// limit (checked one dimension at a time, so no product overflows).
func dataSize(shape []int, width int, limit int64) int64 {
	for _, d := range shape {
		if d == 0 {
			return 0
		}
	}
	n := int64(width)
	for _, d := range shape {
		if n > limit/int64(d) { // n·d > limit
			return -1
		}
		n *= int64(d)
	}
	return n
}

// shapeBytes is dataSize without the limit, for messages: exact below 2⁵³, rounded above.
func shapeBytes(shape []int, width int) string {
	n := float64(width)
	for _, d := range shape {
		n *= float64(d)
	}
	if n < 1<<53 {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	return formatFloat(n)
}

// pyShape writes a shape as numpy prints it: (135, 5), (3,), ().
func pyShape(shape []int) string {
	var parts []string
	for _, d := range shape {
		parts = append(parts, strconv.Itoa(d))
	}
	if len(shape) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// npyType is a dtype ReadArrays accepts: its name, its width in bytes, and how one little-endian
// element becomes a float64.
type npyType struct {
	name   string
	width  int
	decode func(b []byte) float64
}

// npyTypes are the accepted dtypes by their descr less the byte order.
var npyTypes = map[string]npyType{
	"f8": {"float64", 8, func(b []byte) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b)) }},
	"f4": {"float32", 4, func(b []byte) float64 { return float64(math.Float32frombits(binary.LittleEndian.Uint32(b))) }},
	"i8": {"int64", 8, func(b []byte) float64 { return float64(int64(binary.LittleEndian.Uint64(b))) }},
	"i4": {"int32", 4, func(b []byte) float64 { return float64(int32(binary.LittleEndian.Uint32(b))) }},
	"b1": {"bool", 1, func(b []byte) float64 {
		if b[0] != 0 { // numpy's bool is one byte, 0 or 1; any other byte is true, as numpy reads it
			return 1
		}
		return 0
	}},
}

// npyDType returns the accepted dtype a descr names: a byte order — '<' little-endian, '=' the
// writer's own (little-endian on the machines numpy runs on for learners: x86 and ARM), '|' none, which
// numpy writes for one-byte types — then a kind and a width. Big-endian ('>') and every other dtype are
// refused, naming what numpy calls them.
func npyDType(descr, where string) (npyType, error) {
	if len(descr) < 2 {
		return npyType{}, fmt.Errorf("%s has dtype '%s', which is not one numpy writes; %s", where, descr, npyAccepted)
	}
	order, code := descr[0], descr[1:]
	dt, ok := npyTypes[code]
	switch {
	case ok && (order == '<' || order == '=' || order == '|' && dt.width == 1 || order == '>' && dt.width == 1):
		return dt, nil
	case ok && order == '>':
		return npyType{}, fmt.Errorf("%s has dtype '%s', big-endian %s; %s (arr.astype('<%s') converts it)", where, descr, dt.name, npyAccepted, code)
	case code == "O":
		return npyType{}, fmt.Errorf("%s has dtype '%s', an object array, which numpy pickles; %s (np.asarray(x, dtype=float) makes one)", where, descr, npyAccepted)
	}
	return npyType{}, fmt.Errorf("%s has dtype '%s'%s; %s", where, descr, dtypeKind(code), npyAccepted)
}

// dtypeKind names, for messages, the kind of a dtype code ReadArrays refuses: " (float16)", " (a string)".
func dtypeKind(code string) string {
	kinds := map[byte]string{'f': "float", 'i': "int", 'u': "uint", 'c': "complex", 'b': "bool"}
	others := map[byte]string{'U': "a string", 'S': "bytes", 'V': "raw or structured data", 'M': "a datetime", 'm': "a timedelta"}
	if k, ok := kinds[code[0]]; ok {
		if w, err := strconv.Atoi(code[1:]); err == nil && w > 0 && w <= 16 {
			return fmt.Sprintf(" (%s%d)", k, 8*w)
		}
	}
	if k, ok := others[code[0]]; ok {
		return " (" + k + ")"
	}
	return ""
}

// fortranToC returns the elements of a Fortran-order (column-major) array of this shape in row-major
// order. In Fortran order the first index varies fastest: element (i₀, i₁, …, iₖ) is at
// i₀ + d₀·(i₁ + d₁·(i₂ + …)); row-major puts the last index fastest, ((i₀·d₁ + i₁)·d₂ + i₂)·… For a
// 2 × 3 matrix stored as [a d b e c f] (column by column), that gives the rows [a b c] and [d e f].
func fortranToC(f []float64, shape []int) []float64 {
	c := make([]float64, len(f))
	index := make([]int, len(shape))
	for off, v := range f { // off: the Fortran offset; index: its (i₀, …, iₖ)
		rest := off
		for k, d := range shape {
			index[k], rest = rest%d, rest/d
		}
		at := 0
		for k, d := range shape {
			at = at*d + index[k]
		}
		c[at] = v
	}
	return c
}

// pyTuple and pyList are Python's (…) and […] in a .npy header.
type (
	pyTuple []any
	pyList  []any
)

// pyRepr writes a parsed literal back as Python would, for messages.
func pyRepr(v any) string {
	switch v := v.(type) {
	case string:
		return "'" + v + "'"
	case bool:
		return map[bool]string{true: "True", false: "False"}[v]
	case nil:
		return "None"
	case pyTuple:
		if len(v) == 1 {
			return "(" + pyRepr(v[0]) + ",)"
		}
		return "(" + pyJoin(v) + ")"
	case pyList:
		return "[" + pyJoin(v) + "]"
	}
	return fmt.Sprint(v)
}

// pyJoin writes items as Python separates them: 1, 2, 3.
func pyJoin(items []any) string {
	var parts []string
	for _, x := range items {
		parts = append(parts, pyRepr(x))
	}
	return strings.Join(parts, ", ")
}

// pyParser parses the Python literals a .npy header holds: a dict of strings to strings, True, False,
// None, integers (a Python 2 long's trailing L allowed, as old numpy wrote them) and tuples or lists of
// these. It keeps the dict's keys in order for messages.
type pyParser struct {
	s    string
	pos  int
	keys []string
}

// dict parses the whole header: a dict, then nothing but spaces and the newline.
func (p *pyParser) dict() (map[string]any, error) {
	if !p.eat('{') {
		return nil, p.errorf("want '{'")
	}
	d := map[string]any{}
	for !p.eat('}') {
		k, err := p.value()
		if err != nil {
			return nil, err
		}
		key, ok := k.(string)
		if !ok {
			return nil, p.errorf("a key that is not a string")
		}
		if _, dup := d[key]; dup {
			return nil, p.errorf("the key '%s' twice", key)
		}
		if !p.eat(':') {
			return nil, p.errorf("want ':' after '%s'", key)
		}
		if d[key], err = p.value(); err != nil {
			return nil, err
		}
		p.keys = append(p.keys, "'"+key+"'")
		if !p.eat(',') && !p.peek('}') {
			return nil, p.errorf("want ',' or '}'")
		}
	}
	if strings.TrimRight(p.s[p.pos:], " \t\r\n\x00") != "" {
		return nil, p.errorf("text after the dict")
	}
	return d, nil
}

// value parses one literal.
func (p *pyParser) value() (any, error) {
	p.space()
	if p.pos >= len(p.s) {
		return nil, p.errorf("the header ends too soon")
	}
	switch c := p.s[p.pos]; {
	case c == '\'' || c == '"':
		end := strings.IndexByte(p.s[p.pos+1:], c)
		if end < 0 {
			return nil, p.errorf("a string that does not end")
		}
		s := p.s[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
		return s, nil
	case c == '(' || c == '[':
		return p.sequence(c)
	case c == '-' || c >= '0' && c <= '9':
		return p.integer()
	}
	for word, v := range map[string]any{"True": true, "False": false, "None": nil} {
		if strings.HasPrefix(p.s[p.pos:], word) {
			p.pos += len(word)
			return v, nil
		}
	}
	return nil, p.errorf("%q is not a string, a number, True, False or a tuple", firstBytes([]byte(p.s[p.pos:]), 10))
}

// sequence parses a tuple (…) or a list […]: values separated by commas, a trailing comma allowed.
func (p *pyParser) sequence(open byte) (any, error) {
	close := byte(')')
	if open == '[' {
		close = ']'
	}
	p.pos++
	var items []any
	for !p.eat(close) {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		if !p.eat(',') && !p.peek(close) {
			return nil, p.errorf("want ',' or '%c'", close)
		}
	}
	if open == '[' {
		return pyList(items), nil
	}
	return pyTuple(items), nil
}

// integer parses a decimal integer of up to 18 digits, with an optional sign and Python 2's L.
func (p *pyParser) integer() (any, error) {
	start := p.pos
	if p.s[p.pos] == '-' {
		p.pos++
	}
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
	n, err := strconv.ParseInt(p.s[start:p.pos], 10, 64)
	if err != nil || p.pos-start > 18 {
		return nil, p.errorf("%q is not a size", p.s[start:p.pos])
	}
	if p.pos < len(p.s) && (p.s[p.pos] == 'L' || p.s[p.pos] == 'l') {
		p.pos++
	}
	return n, nil
}

// space skips spaces; eat skips spaces and then c, reporting whether c was there; peek reports whether
// c comes next after spaces.
func (p *pyParser) space() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *pyParser) eat(c byte) bool {
	if p.peek(c) {
		p.pos++
		return true
	}
	return false
}

func (p *pyParser) peek(c byte) bool {
	p.space()
	return p.pos < len(p.s) && p.s[p.pos] == c
}

func (p *pyParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d, %s", p.pos, fmt.Sprintf(format, args...))
}

// readArraysJSON reads the JSON form: one object whose values are numbers (0-d arrays) or nested
// arrays of numbers, each array rectangular, in the object's order. Anything else — another top-level
// value, a ragged array, a string, true, false, null, an object inside, a number beyond float64, a key
// given twice, text after the object, nesting deeper than numpy's 32 dimensions — is refused.
func readArraysJSON(b []byte, path string) ([]*Array, error) {
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	fail := func(err error) ([]*Array, error) {
		return nil, fmt.Errorf("%s is not the JSON form (an object of names to numbers or nested arrays of numbers, such as {\"step\": 0, \"layer1_biases_array\": [[0, 0, 0, 0, 0]]}): %v", path, jsonError(b, err))
	}
	if _, err := dec.Token(); err != nil { // the '{', as parseArrays saw
		return fail(err)
	}
	var arrays []*Array
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		name := tok.(string) // inside an object, the decoder returns keys as strings
		if seen[name] {
			return nil, fmt.Errorf("%s: a second array named %q; each name may appear once", path, name)
		}
		seen[name] = true
		j := &jsonArray{dec: dec, a: &Array{Name: name, DType: "json"}, ndim: -1}
		if err := j.value(0, nil); err != nil {
			if _, ok := err.(jsonShapeError); ok {
				return nil, fmt.Errorf("%s, %q%v; want a number or a rectangular nested array of numbers", path, name, err)
			}
			return fail(err)
		}
		arrays = append(arrays, j.a)
	}
	if _, err := dec.Token(); err != nil { // the '}'
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(errors.New("text after the object"))
	}
	return arrays, nil
}

// jsonArray reads one JSON value into an Array: its numbers in order, and its shape — the length of the
// first array met at each depth (−1 while that array is open), which every later array at that depth
// must share — and its ndim, the depth of its numbers (an empty array [] fixes it one deeper).
type jsonArray struct {
	dec  *json.Decoder
	a    *Array
	ndim int // −1 until a number or an empty array fixes it
}

// jsonShapeError is a value that is not a number or a rectangular array of numbers; it prints as where
// it is and what is wrong: [1][0]: "x" is not a number.
type jsonShapeError string

func (e jsonShapeError) Error() string { return string(e) }

// value reads the value at index (its position, for messages), depth arrays deep.
func (j *jsonArray) value(depth int, index []int) error {
	where := ""
	for _, i := range index {
		where += fmt.Sprintf("[%d]", i)
	}
	tok, err := j.dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Number:
		v, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return jsonShapeError(fmt.Sprintf("%s: %s is beyond float64's range", where, t))
		}
		if err := j.fixDepth(depth, where); err != nil {
			return err
		}
		j.a.Data = append(j.a.Data, v)
		return nil
	case json.Delim:
		if t != '[' {
			return jsonShapeError(fmt.Sprintf("%s: an object", where))
		}
		if depth >= 32 {
			return jsonShapeError(fmt.Sprintf("%s: nested deeper than numpy's 32 dimensions", where))
		}
		if depth == len(j.a.Shape) { // the first array this deep: its length is not known until it closes
			j.a.Shape = append(j.a.Shape, -1)
		}
		n := 0
		for ; j.dec.More(); n++ {
			if err := j.value(depth+1, append(index, n)); err != nil {
				return err
			}
		}
		if _, err := j.dec.Token(); err != nil { // the ']'
			return err
		}
		if n == 0 {
			if err := j.fixDepth(depth+1, where); err != nil {
				return err
			}
		}
		return j.fixLength(depth, n, where)
	}
	return jsonShapeError(fmt.Sprintf("%s: %s is not a number", where, jsonText(tok)))
}

// fixDepth records that numbers sit depth arrays deep, or reports a ragged array if others sit deeper
// or shallower.
func (j *jsonArray) fixDepth(depth int, where string) error {
	if j.ndim < 0 {
		j.ndim = depth
	}
	if j.ndim != depth {
		return jsonShapeError(fmt.Sprintf("%s: ragged: numbers %d arrays deep where others are %d deep", where, depth, j.ndim))
	}
	return nil
}

// fixLength records that arrays depth deep have n elements, or reports a ragged array if an earlier one
// had another number.
func (j *jsonArray) fixLength(depth, n int, where string) error {
	if j.a.Shape[depth] < 0 {
		j.a.Shape[depth] = n
	}
	if j.a.Shape[depth] != n {
		return jsonShapeError(fmt.Sprintf("%s: ragged: %d elements where the first array at this depth has %d", where, n, j.a.Shape[depth]))
	}
	return nil
}

// jsonText writes a token that is not a number as JSON would: "text", true, false, null.
func jsonText(tok json.Token) string {
	if tok == nil {
		return "null"
	}
	b, _ := json.Marshal(tok)
	return string(b)
}

// jsonError says where the JSON text b first goes wrong, by line and column, and why NaN is refused.
// The decoder's own offsets count from the value it was reading, so json.Unmarshal finds the place again
// from the start; err is the decoder's error, said as it is when Unmarshal finds nothing wrong.
func jsonError(b []byte, err error) string {
	var se *json.SyntaxError
	var v any
	if !errors.As(json.Unmarshal(b, &v), &se) {
		return err.Error()
	}
	at := min(max(int(se.Offset)-1, 0), len(b)) // se.Offset counts the bytes read, the wrong one included
	before := b[:at]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	msg := fmt.Sprintf("line %d, column %d: %v", line, col, se)
	if at < len(b) && (b[at] == 'N' || b[at] == 'I') {
		msg += " (NaN and Infinity are not JSON numbers; Python writes them unless json.dump(…, allow_nan=False))"
	}
	return msg
}

// ---------------------------------------------------------------------------------------------------
// Mistakes in how the program was called.

// usageError is an error in how the program was called (exit status 2), as opposed to one met while
// running (exit status 1).
type usageError struct{ error }

// usagef returns a usageError with a formatted message.
func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// plotFeatures finds -plot-features's two features among the data's: by number from 1, or by name.
func plotFeatures(spec string, features []string) (i, j int, err error) {
	parts := strings.Split(spec, ",")
	bad := func(why string) (int, int, error) {
		return 0, 0, usagef("invalid value %s for flag -plot-features: %s; want two different features by number from 1 to %d or by name (%s)",
			quoteText(spec), why, len(features), shortList(namesText(features), 6))
	}
	if len(parts) != 2 {
		return bad("not two features")
	}
	var idx [2]int
	for n, part := range parts {
		part = strings.TrimSpace(part)
		idx[n] = slices.Index(features, part)
		if v, err := strconv.Atoi(part); idx[n] < 0 && err == nil {
			if v < 1 || v > len(features) {
				return bad(fmt.Sprintf("the data have no feature %d", v))
			}
			idx[n] = v - 1
		}
		if idx[n] < 0 {
			return bad(fmt.Sprintf("no feature is named %s", quoteText(part)))
		}
	}
	if idx[0] == idx[1] {
		return bad("the same feature twice")
	}
	return idx[0], idx[1], nil
}

// ---------------------------------------------------------------------------------------------------
// Files written: how every output is checked and written.
//
// Every file the program writes — a model, a picture — is checked by checkOutput before any work is done
// and written by writeFileAtomic, so that nothing a user points it at is damaged:
//
//   - a symbolic link is followed: the link stays, and what it points at gets the new contents;
//   - an existing file keeps its permissions and its owner (another user's file is refused, unless the
//     program runs as root and can give it back);
//   - a path that is not a regular file (a folder, a device, a named pipe, a socket) is refused, as is a
//     read-only file;
//   - no output may be an input of the same run (the -data file) or another output (-save onto one of
//     -plot's pictures): the files are compared once links are followed;
//   - nothing is made or changed on disk before every check has passed (a missing -plot folder is made
//     when the first picture is written);
//   - the bytes go to a temporary file beside the target, renamed over it in one step: a failed run
//     leaves the old file as it was, never half a file; SIGINT or SIGTERM during the write removes the
//     temporary file and ends the program with status 130 or 143, as shells expect.

// outputFile is a path the program will write, as checked by checkOutput.
type outputFile struct {
	path     string      // as the user gave it, for messages
	target   string      // where the bytes go: path with symbolic links followed
	mode     os.FileMode // the permissions it will have: an existing file's own, else 0644
	uid, gid int         // an existing file's owner, kept; −1 for a new file
	mkdir    string      // a folder to make before writing (a missing -plot folder), or ""
}

// sameFile reports whether two resolved paths name one file: the same name, or, for files that exist, the
// same file on disk (a hard link).
func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// checkOutput checks that path can be written, before any work is done; in a folder still to be made
// (mkdir), there is nothing yet to check but the name.
func checkOutput(path, mkdir string) (outputFile, error) {
	out := outputFile{path: path, target: path, mode: 0o644, uid: -1, gid: -1, mkdir: mkdir}
	fail := func(err error) (outputFile, error) { return out, fmt.Errorf("cannot write %s: %v", path, err) }
	if mkdir != "" {
		return out, nil
	}
	fi, err := os.Stat(path) // what the path is, links followed: /dev/stdout is the pipe it stands for
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return fail(fmt.Errorf("it is %s, not a regular file", describeMode(fi.Mode())))
	case err == nil && fi.Mode().Perm()&0o200 == 0:
		return fail(errors.New("it is read-only"))
	case err == nil:
		out.mode = fi.Mode().Perm()
		out.uid, out.gid = owner(fi)
		if me := os.Geteuid(); out.uid >= 0 && out.uid != me && me != 0 {
			return fail(fmt.Errorf("it belongs to another user (uid %d), and writing it would make it yours; choose another name", out.uid))
		}
	case !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ELOOP) && !errors.Is(err, syscall.ENOTDIR):
		return fail(errors.Unwrap(err))
	}
	if out.target, err = resolve(path, 0); err != nil {
		return fail(err)
	}
	dir := filepath.Dir(out.target)
	probe, err := os.CreateTemp(dir, ".nn-write-test-*")
	if err != nil {
		return fail(fmt.Errorf("cannot make files in %s: %v", dir, errors.Unwrap(err)))
	}
	probe.Close()
	os.Remove(probe.Name())
	return out, nil
}

// resolve returns the file path names once symbolic links are followed, even a link to a file not there
// yet (which is then made where the link points). The folder must exist.
func resolve(path string, hops int) (string, error) {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		return target, nil
	}
	if link, err := os.Readlink(path); err == nil { // a link whose end is missing, or a loop
		if hops == 40 {
			return "", errors.New("too many symbolic links (do they go round in a loop?)")
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		return resolve(link, hops+1)
	}
	dir := filepath.Dir(path)
	resolved, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("folder %s does not exist", dir)
	}
	if fi, err := os.Stat(resolved); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%s is not a folder", dir)
	}
	return filepath.Join(resolved, filepath.Base(path)), nil
}

// owner returns a file's user and group ids, or −1, −1 on a system whose files have none. (os.FileInfo
// keeps them in a system-specific struct, syscall.Stat_t on Unix, read here by name.)
func owner(fi os.FileInfo) (uid, gid int) {
	v := reflect.ValueOf(fi.Sys())
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return -1, -1
	}
	u, g := v.Elem().FieldByName("Uid"), v.Elem().FieldByName("Gid")
	if !u.CanUint() || !g.CanUint() {
		return -1, -1
	}
	return int(u.Uint()), int(g.Uint())
}

// writeFileAtomic writes a file checked by checkOutput so that it is never seen half-written: write
// fills a temporary file in the target's folder, which is then renamed over the target in one step. If
// anything fails, the temporary file is removed and whatever was there before is left untouched; a
// SIGINT or SIGTERM meanwhile removes it too, and ends the program.
func writeFileAtomic(out outputFile, write func(io.Writer) error) (err error) {
	if out.mkdir != "" {
		if err := os.MkdirAll(out.mkdir, 0o755); err != nil {
			return fmt.Errorf("cannot make the folder %s: %v", out.mkdir, errors.Unwrap(err))
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(out.target), "."+filepath.Base(out.target)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", out.path, errors.Unwrap(err))
	}
	stop := removeOnSignal(tmp.Name(), out.path)
	defer stop()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("cannot write %s: %v", out.path, err)
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(out.mode); err != nil { // CreateTemp makes files only the owner can read
		return err
	}
	if out.uid >= 0 {
		if err := tmp.Chown(out.uid, out.gid); err != nil {
			return err
		}
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out.target)
}

// removeOnSignal arranges that a SIGINT or SIGTERM, until stop is called, removes the temporary file tmp,
// says so, and ends the program with status 128 + the signal's number (130, 143).
func removeOnSignal(tmp, path string) (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			os.Remove(tmp)
			fmt.Fprintf(os.Stderr, "nn: interrupted (%v) while writing %s: it is left as it was\n", s, path)
			n, _ := s.(syscall.Signal)
			os.Exit(128 + int(n))
		case <-done:
		}
	}()
	return func() { signal.Stop(sig); close(done) }
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// checkPlotDir checks, before any work and without changing anything, that -plot's folder exists or can
// be made: it returns the folder to make (dir itself) when it is missing, "" when it exists.
func checkPlotDir(dir string) (mkdir string, err error) {
	fail := func(why string) (string, error) {
		return "", fmt.Errorf("-plot %s: cannot make the folder: %s", dir, why)
	}
	fi, err := os.Stat(dir)
	if err == nil && !fi.IsDir() {
		return fail(fmt.Sprintf("%s is %s", dir, describeMode(fi.Mode())))
	}
	if err == nil {
		return "", nil
	}
	parent := dir
	for { // the nearest folder above that exists must take new folders
		parent = filepath.Dir(parent)
		if fi, err := os.Stat(parent); err == nil {
			if !fi.IsDir() {
				return fail(fmt.Sprintf("%s is %s", parent, describeMode(fi.Mode())))
			}
			break
		} else if !errors.Is(err, os.ErrNotExist) {
			return fail(fmt.Sprint(errors.Unwrap(err)))
		}
	}
	probe, err := os.MkdirTemp(parent, ".nn-write-test-*")
	if err != nil {
		return fail(fmt.Sprintf("cannot make folders in %s: %v", parent, errors.Unwrap(err)))
	}
	os.Remove(probe)
	return dir, nil
}
