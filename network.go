package main

// network.go — the network itself: forward pass, loss, and backpropagation, in the post's words.
//
// Shapes, written at the end of every matrix line as // [rows x cols]:
//
//	N  rows in the block being processed (all 13500 training rows, a minibatch, or a slice of either)
//	D  input features (2 in the post)
//	H  units in a hidden layer (5 in the post); Hₗ for hidden layer l when there are several
//	K  classes (3 in the post)
//
// The post's network is D → H (ReLU) → K (softmax): two weight matrices. Here any list of hidden sizes
// goes through the same code (-hidden 5 is the post; -hidden 16,8 has three weight matrices): layer l
// maps size[l] inputs to size[l+1] outputs, so W[l] is [size[l] x size[l+1]] and B[l] is [1 x size[l+1]].
// W[0], B[0] are the post's layer1_weights_array, layer1_biases_array; the last ones are layer2's.

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// Network is a fully connected network with ReLU hidden layers and a softmax output.
type Network struct {
	W []*Matrix // W[l]: [size[l] x size[l+1]], layer l's weights (post: layer1_weights_array, …)
	B []*Matrix // B[l]: [1 x size[l+1]], layer l's biases (post: layer1_biases_array, …)
}

// NewNetwork returns a network with the given layer sizes (inputs, hidden sizes…, classes). Weights are
// drawn by draw(rows, cols) one matrix at a time, first layer first, as the post draws
// layer1_weights_array before layer2_weights_array; biases start at zero (post: np.zeros((1, n))).
func NewNetwork(sizes []int, draw func(rows, cols int) *Matrix) *Network {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("NewNetwork: %d layer sizes; want at least inputs and outputs", len(sizes)))
	}
	net := &Network{}
	for l := 0; l+1 < len(sizes); l++ {
		w := draw(sizes[l], sizes[l+1])
		mustShape("NewNetwork", w, sizes[l], sizes[l+1])
		net.W = append(net.W, w)
		net.B = append(net.B, NewMatrix(1, sizes[l+1]))
	}
	return net
}

// Sizes returns the layer sizes: inputs, each hidden layer, classes.
func (net *Network) Sizes() []int {
	sizes := []int{net.W[0].rows}
	for _, w := range net.W {
		sizes = append(sizes, w.cols)
	}
	return sizes
}

// Pass holds every value of one forward and one backward pass over a block of N rows: the block itself,
// each layer's output, each error signal and each gradient, one buffer apiece. A training loop makes its
// passes once and reuses them every step, so training allocates nothing after the first step.
type Pass struct {
	X, Y Matrix // the block: inputs [N x D] and one-hot labels [N x K] (views into the data)

	Hidden      []*Matrix // Hidden[l]: [N x Hₗ], post: hidden_layer = relu(input_layer + b)
	OutputLayer *Matrix   // [N x K], post: output_layer, the scores before softmax
	OutputProbs *Matrix   // [N x K], post: output_probs = softmax(output_layer)

	OutputErrorSignal *Matrix   // [N x K], post: output_error_signal = ∂L/∂output_layer
	ErrorSignalHidden []*Matrix // ErrorSignalHidden[l]: [N x Hₗ], post: error_signal_hidden = ∂L/∂hidden_layer
	GradW             []*Matrix // GradW[l]: like W[l], post: gradient_layer1_weights, … (data part only)
	GradB             []*Matrix // GradB[l]: like B[l], post: gradient_layer1_bias, …

	// Trace, when not nil, is shown every value as Forward and Backward compute it, in order: the
	// -explain mode prints them. Training leaves it nil.
	Trace func(s Stage, layer int, value *Matrix)
}

// Stage names a value that Forward or Backward computes, for Pass.Trace. With the layer number l it
// says exactly which value it is.
type Stage int

const (
	StagePlusBias    Stage = iota // layer l's input · W[l] + B[l]  (post: input_layer + bias; output_layer)
	StageReLU                     // relu(…): hidden layer l  (post: hidden_layer)
	StageProbs                    // softmax(output_layer)  (post: output_probs)
	StageOutputError              // (output_probs − y) / N  (post: output_error_signal)
	StageSignalBack               // error signal above · W[l+1]ᵀ, before the ReLU's mask
	StageReLUMask                 // … zeroed where hidden layer l ≤ 0  (post: error_signal_hidden)
	StageGradW                    // inputᵀ · δ  (post: gradient_layer1_weights, before the L2 part)
	StageGradB                    // Σ_rows δ  (post: gradient_layer1_bias)
)

// trace shows value to p.Trace, if there is one.
func (p *Pass) trace(s Stage, layer int, value *Matrix) {
	if p.Trace != nil {
		p.Trace(s, layer, value)
	}
}

// NewPass allocates a Pass for blocks of n rows of a network with these layer sizes.
func NewPass(sizes []int, n int) *Pass {
	last := len(sizes) - 1
	p := newForwardPass(sizes, n)
	p.OutputErrorSignal = NewMatrix(n, sizes[last])
	for l := 1; l < last; l++ {
		p.ErrorSignalHidden = append(p.ErrorSignalHidden, NewMatrix(n, sizes[l]))
	}
	for l := 0; l < last; l++ {
		p.GradW = append(p.GradW, NewMatrix(sizes[l], sizes[l+1]))
		p.GradB = append(p.GradB, NewMatrix(1, sizes[l+1]))
	}
	return p
}

// newForwardPass allocates only what Forward fills, for predicting: no error signals or gradients.
func newForwardPass(sizes []int, n int) *Pass {
	last := len(sizes) - 1
	p := &Pass{OutputLayer: NewMatrix(n, sizes[last]), OutputProbs: NewMatrix(n, sizes[last])}
	for l := 1; l < last; l++ {
		p.Hidden = append(p.Hidden, NewMatrix(n, sizes[l]))
	}
	return p
}

// errorSignal returns δ for layer l's output, ∂L/∂(layer l's output): the output error signal for the
// last layer, the hidden error signal ErrorSignalHidden[l] for the ones below it.
func (p *Pass) errorSignal(l int) *Matrix {
	if l == len(p.ErrorSignalHidden) {
		return p.OutputErrorSignal
	}
	return p.ErrorSignalHidden[l]
}

// layerInput returns what layer l reads: the block's inputs for l = 0, hidden layer l−1 after that.
func (p *Pass) layerInput(l int) *Matrix {
	if l == 0 {
		return &p.X
	}
	return p.Hidden[l-1]
}

// Forward runs the block p.X through the network, filling p.Hidden, p.OutputLayer and p.OutputProbs.
// The post, for one hidden layer:
//
//	input_layer  = np.dot(training_data, layer1_weights_array)
//	hidden_layer = relu_activation(input_layer + layer1_biases_array)
//	output_layer = np.dot(hidden_layer, layer2_weights_array) + layer2_biases_array
//	output_probs = softmax(output_layer)
//
// LinearInto computes a layer's np.dot(…) + bias in one call (the same numbers as Mul, then
// AddRowVector).
func (net *Network) Forward(p *Pass) {
	last := len(net.W) - 1
	for l := 0; l < last; l++ {
		h := p.Hidden[l]
		LinearInto(h, p.layerInput(l), net.W[l], net.B[l]) // [N x Hₗ] = [N x size[l]]·[size[l] x Hₗ] + [1 x Hₗ]  (input_layer + bias)
		p.trace(StagePlusBias, l, h)
		ReLUInto(h, h) // [N x Hₗ]  (hidden_layer, in place: h is overwritten)
		p.trace(StageReLU, l, h)
	}
	LinearInto(p.OutputLayer, p.layerInput(last), net.W[last], net.B[last]) // [N x K] = [N x H]·[H x K] + [1 x K]  (output_layer)
	p.trace(StagePlusBias, last, p.OutputLayer)
	SoftmaxInto(p.OutputProbs, p.OutputLayer) // [N x K]  (output_probs)
	p.trace(StageProbs, last, p.OutputProbs)
}

// ReLUInto writes max(a, 0) elementwise into dst (post: relu_activation, np.maximum(a, 0)).
//
// Speed note: max(v, 0) is written as "keep v's bits where v > 0, else clear them to +0", which the
// compiler makes without a branch (a branch would be guessed wrong about half the time). A NaN stays NaN,
// as in np.maximum.
func ReLUInto(dst, a *Matrix) {
	mustSameShape("ReLU", dst, a)
	d := dst.data[:len(a.data)]
	for i, v := range a.data {
		d[i] = keepIf(!(v <= 0), v) // true for v > 0 and for NaN
	}
}

// keepIf returns v if keep, else +0, without a branch: v's bits and-ed with all ones or all zeros.
func keepIf(keep bool, v float64) float64 {
	var mask uint64
	if keep {
		mask = ^uint64(0)
	}
	return math.Float64frombits(math.Float64bits(v) & mask)
}

// SoftmaxInto writes the row-wise softmax of the scores z into dst (post: softmax):
//
//	dst[i][j] = exp(z[i][j]) / Σₖ exp(z[i][k])
//
// Numerical care: each row's maximum mᵢ is subtracted first. exp(z − m)/Σ exp(z − m) is the same
// fraction (the factor exp(−m) cancels), but no exp can overflow: the largest term is exp(0) = 1 and the
// sum is at least 1. The post exponentiates z directly; the results differ only in the last bits. A speed
// note, equal to the plain form: the row's maximum gets exactly 1 without calling math.Exp (exp(0) = 1),
// and the exponentials run in a loop of their own, which the compiler keeps tight.
func SoftmaxInto(dst, z *Matrix) {
	mustSameShape("Softmax", dst, z)
	k := z.cols
	// shift: dst = z − rowmax(z)
	for off := 0; off < len(z.data); off += k {
		zi, di := z.data[off:off+k], dst.data[off:off+k]
		m := rowMax(zi)
		for j, v := range zi {
			di[j] = v - m
		}
	}
	// exponentials: dst = exp(dst)
	for i, v := range dst.data {
		if v == 0 {
			dst.data[i] = 1 // exp(0)
		} else {
			dst.data[i] = math.Exp(v)
		}
	}
	// normalize: divide each row by its sum
	for off := 0; off < len(dst.data); off += k {
		di := dst.data[off : off+k]
		sum := 0.0
		for _, e := range di {
			sum += e
		}
		for j := range di {
			di[j] /= sum
		}
	}
}

// rowMax returns the largest value of a row of scores. The builtin max compiles to the processor's max
// instruction, with no branch to guess wrong.
func rowMax(row []float64) float64 {
	m := row[0]
	for _, v := range row {
		m = max(m, v)
	}
	return m
}

// CrossEntropySum returns Σₙ −log(output_probsₙ[yₙ]) over the block's rows, where yₙ is row n's class
// in the one-hot y — the post's cross_entropy_softmax_loss_array times N. The caller divides by the
// number of rows (the sum of several blocks is what a split batch needs).
//
// Numerical care: −log pₙ is computed from the scores z as log Σₖ exp(zₙₖ − mₙ) − (zₙ,yₙ − mₙ), with mₙ the
// row's maximum. That is the same number as −log(softmax(z)ₙ,yₙ) (take the log of the softmax fraction),
// but it cannot become +Inf when a probability underflows to 0, as the post's np.log(probability) can for
// large scores. The two differ only in the last bits.
func CrossEntropySum(z, y *Matrix) float64 {
	mustSameShape("CrossEntropy", z, y)
	total := 0.0
	for i := 0; i < z.rows; i++ {
		zi := z.Row(i)
		label := argmax(y.Row(i)) // post: np.argmax(y_onehot, axis=1)
		m := rowMax(zi)
		sum := 0.0
		for _, v := range zi {
			sum += math.Exp(v - m)
		}
		total += math.Log(sum) - (zi[label] - m)
	}
	return total
}

// L2Loss returns the post's regularization_L2_softmax_loss for every weight matrix: Σₗ ½·λ·Σ Wₗ².
// Biases are not regularized, as in the post.
func (net *Network) L2Loss(regLambda float64) float64 {
	loss := 0.0
	for _, w := range net.W {
		sumSquares := 0.0 // post: np.sum(weight * weight)
		for _, v := range w.data {
			sumSquares += v * v
		}
		loss += 0.5 * regLambda * sumSquares
	}
	return loss
}

// Backward fills the block's error signals and gradients from a Forward pass over it. nTotal is the
// number of rows the loss averages over: p's own rows when the whole batch is one block, more when a
// batch is split into blocks whose gradients are then added (the loss is a mean over the whole batch).
// The gradients are the data part only; the caller adds the L2 part λ·W.
//
// The chain rule, in the post's two rules. The loss is L = (1/N)·Σₙ −log softmax(zₙ)[yₙ] with z the output
// layer. Its derivative with respect to the scores is the classic softmax-with-cross-entropy result
//
//	∂L/∂z = (output_probs − y) / N                      the output error signal δ
//
// (differentiate −log(e^{z_y}/Σₖe^{zₖ}) = −z_y + log Σₖ e^{zₖ}: the first term gives −1 at the true class,
// the second gives e^{zⱼ}/Σₖe^{zₖ} = pⱼ at every class; 1/N is the mean.) Then, for a layer out = in·W + b:
//
//	rule 1 (weights): ∂L/∂W = inᵀ · δ    and   ∂L/∂b = Σ over rows of δ
//	rule 2 (signal back through W and a ReLU): δ_in = (δ · Wᵀ) ⊙ 1(in > 0)
//
// applied from the output layer down. The post's order is followed: all error signals first, top down,
// then the gradients.
func (net *Network) Backward(p *Pass, nTotal int) {
	last := len(net.W) - 1
	// output_error_signal = (output_probs - training_labels) / output_probs.shape[0]
	outputErrorSignalInto(p.OutputErrorSignal, p.OutputProbs, &p.Y, nTotal) // [N x K]
	p.trace(StageOutputError, last, p.OutputErrorSignal)

	// rule 2, top down: the error signal of each hidden layer, from the one above it
	for l := last - 1; l >= 0; l-- {
		e := p.ErrorSignalHidden[l]
		MulTransBInto(e, p.errorSignal(l+1), net.W[l+1]) // [N x Hₗ] = [N x size[l+2]]·[size[l+2] x Hₗ]  ∂L/∂hidden = δ·Wᵀ
		p.trace(StageSignalBack, l, e)
		reluBackwardInto(e, e, p.Hidden[l]) // [N x Hₗ]  ReLU′(z) = 1(z > 0), i.e. 1(hidden > 0); in place
		p.trace(StageReLUMask, l, e)
	}

	// rule 1, top down: every layer's gradients from the error signal at its output
	for l := last; l >= 0; l-- {
		delta := p.errorSignal(l)                         // [N x size[l+1]]
		MulTransAInto(p.GradW[l], p.layerInput(l), delta) // [size[l] x size[l+1]]  ∂L/∂W = inputᵀ · δ
		p.trace(StageGradW, l, p.GradW[l])
		SumRowsInto(p.GradB[l], delta) // [1 x size[l+1]]  ∂L/∂b = Σ_rows δ
		p.trace(StageGradB, l, p.GradB[l])
	}
}

// outputErrorSignalInto writes (probs − y) / n into dst: the post's output_error_signal, ∂L/∂output_layer.
// It divides, as the post does, rather than multiplying by 1/n, so the bits match numpy's.
func outputErrorSignalInto(dst, probs, y *Matrix, n int) {
	mustSameShape("outputErrorSignal", probs, y)
	mustSameShape("outputErrorSignal", dst, probs)
	fn := float64(n)
	for i, p := range probs.data {
		dst.data[i] = (p - y.data[i]) / fn
	}
}

// reluBackwardInto writes signal ⊙ 1(hidden > 0) into dst: the post's
// error_signal_hidden[hidden_layer <= 0] = 0, which the post does in place (dst == signal is fine).
// hidden is the ReLU's output; it is > 0 exactly where the ReLU's input was > 0.
func reluBackwardInto(dst, signal, hidden *Matrix) {
	mustSameShape("reluBackward", signal, hidden)
	mustSameShape("reluBackward", dst, signal)
	d, s := dst.data[:len(hidden.data)], signal.data[:len(hidden.data)]
	for i, h := range hidden.data {
		d[i] = keepIf(h > 0, s[i]) // signal where hidden > 0, else 0 (without a branch)
	}
}

// Predict returns the output probabilities [N x K] for the rows of x [N x D] (post: the test-set forward
// pass before accuracy). It runs the same Forward as training.
func (net *Network) Predict(x *Matrix) *Matrix {
	p := newForwardPass(net.Sizes(), x.rows)
	p.X = *x
	net.Forward(p)
	return p.OutputProbs
}

// Accuracy returns the percentage of rows whose most probable class is the labelled one, computed as the
// post's accuracy function computes it: 100.0 * correct / N.
func Accuracy(probs, y *Matrix) (percent float64, correct int) {
	mustSameShape("Accuracy", probs, y)
	pred, want := ArgmaxRows(probs), ArgmaxRows(y)
	for i := range pred {
		if pred[i] == want[i] {
			correct++
		}
	}
	return 100.0 * float64(correct) / float64(len(pred)), correct
}

// Loss returns the post's full loss on the block p.X, p.Y — the mean cross-entropy plus the L2 term —
// after running Forward over it.
func (net *Network) Loss(p *Pass, regLambda float64) float64 {
	net.Forward(p)
	return CrossEntropySum(p.OutputLayer, &p.Y)/float64(p.Y.rows) + net.L2Loss(regLambda)
}

// Gradients returns backprop's gradient of the full loss on the block p.X, p.Y: the data part from
// Backward, plus the L2 part λ·W for the weights (∂(½·λ·ΣW²)/∂W = λ·W). It leaves p holding the pass.
func (net *Network) Gradients(p *Pass, regLambda float64) (gradW, gradB []*Matrix) {
	net.Forward(p)
	net.Backward(p, p.Y.rows)
	for l := range net.W {
		gradW = append(gradW, NewMatrix(net.W[l].rows, net.W[l].cols))
		AddScaledInto(gradW[l], p.GradW[l], regLambda, net.W[l]) // [size[l] x size[l+1]]  ∂L/∂W = data part + λ·W
		gradB = append(gradB, p.GradB[l].Clone())                // [1 x size[l+1]]  biases have no L2 part
	}
	return gradW, gradB
}

// GradCheck is the outcome of comparing backprop's gradient with finite differences for one parameter
// array (W1, b1, W2, …).
type GradCheck struct {
	Name      string  // "W1", "b1", …: W[0] is W1, the post's layer1_weights_array
	MaxRelErr float64 // the largest relative error over the array's checked entries
	Checked   int     // entries compared
	Skipped   int     // entries skipped because a nudge of ±h flips a ReLU (a kink: no derivative there)
}

// gradCheckSteps are the finite-difference steps h tried, largest first. The central difference has two
// errors: truncation, about h²·L‴/6, which wants h small; and rounding, about ε·|L|/h (ε ≈ 1e-16, times a
// little more for a loss summed over thousands of rows), which wants h large. At h = 1e-4 both stay near
// 1e-8 of a typical gradient, far below the 1e-6 tolerance. A smaller h is used only when the larger one
// would push some row across a ReLU's kink.
var gradCheckSteps = []float64{1e-4, 1e-5, 1e-6}

// GradientCheck compares backprop's gradient (Gradients) of the full loss on x [N x D], y [N x K] with
// the central difference (L(θ + h) − L(θ − h)) / 2h, one parameter θ at a time, and returns the largest
// relative error |backprop − numeric| / max(|backprop|, |numeric|, 1e-3) for each parameter array. (The
// floor 1e-3 keeps a gradient that is nearly 0 from turning the difference's own rounding into a large
// relative error; it makes the check absolute below 1e-3.)
//
// Kinks: ReLU has no derivative at 0, and if a nudge of ±h moves some row's hidden unit across 0 the
// difference measures the kink, not the gradient. So for each parameter the largest h in gradCheckSteps
// that turns no ReLU on or off is used; a parameter for which even the smallest does is skipped and
// counted. The network is left unchanged.
func GradientCheck(net *Network, x, y *Matrix, regLambda float64) []GradCheck {
	p := NewPass(net.Sizes(), x.rows)
	p.X, p.Y = *x, *y
	gradW, gradB := net.Gradients(p, regLambda)
	pattern := reluPattern(p)

	// centralDifference returns (L(θ+h) − L(θ−h)) / 2h for the largest h that crosses no kink.
	centralDifference := func(theta *float64) (numeric float64, ok bool) {
		orig := *theta
		defer func() { *theta = orig }()
		for _, h := range gradCheckSteps {
			*theta = orig + h
			lossPlus := net.Loss(p, regLambda)
			samePlus := reluPattern(p) == pattern
			*theta = orig - h
			lossMinus := net.Loss(p, regLambda)
			if samePlus && reluPattern(p) == pattern {
				return (lossPlus - lossMinus) / (2 * h), true
			}
		}
		return 0, false
	}
	var results []GradCheck
	check := func(name string, param, grad *Matrix) {
		res := GradCheck{Name: name}
		for i := range param.data {
			numeric, ok := centralDifference(&param.data[i])
			if !ok {
				res.Skipped++
				continue
			}
			analytic := grad.data[i]
			relErr := math.Abs(analytic-numeric) / max(math.Abs(analytic), math.Abs(numeric), 1e-3)
			res.MaxRelErr = max(res.MaxRelErr, relErr)
			res.Checked++
		}
		results = append(results, res)
	}
	for l := range net.W {
		check(fmt.Sprintf("W%d", l+1), net.W[l], gradW[l])
		check(fmt.Sprintf("b%d", l+1), net.B[l], gradB[l])
	}
	return results
}

// reluPattern summarizes which hidden units are on (> 0) in the pass p, as a string of 0s and 1s.
func reluPattern(p *Pass) string {
	var b []byte
	for _, h := range p.Hidden {
		for _, v := range h.data {
			if v > 0 {
				b = append(b, '1')
			} else {
				b = append(b, '0')
			}
		}
	}
	return string(b)
}

// ---------------------------------------------------------------------------------------------------
// Saved models.

// modelFormat is the "format" field of a model file, so that -load can tell one from other JSON.
const modelFormat = "nnfromscratch model"

// Model is everything needed to predict with a trained network: -save writes it as JSON, -load reads it.
// Numbers are written in shortest round-trip form, so a loaded model has the trained weights to the last
// bit and predicts exactly the same probabilities.
type Model struct {
	Format      string        `json:"format"`
	Version     int           `json:"version"`
	Sizes       []int         `json:"sizes"`   // inputs, hidden sizes…, classes
	Weights     [][]float64   `json:"weights"` // Weights[l]: W[l], row-major
	Biases      [][]float64   `json:"biases"`  // Biases[l]: B[l]
	Features    []string      `json:"features"`
	Classes     []string      `json:"classes"`
	Standardize *Standardizer `json:"standardize,omitempty"` // nil: features are used as they are
}

// NewModel packs a trained network with the names and scaling its data need.
func NewModel(net *Network, features, classes []string, st *Standardizer) *Model {
	m := &Model{Format: modelFormat, Version: 1, Sizes: net.Sizes(), Features: features, Classes: classes, Standardize: st}
	for l := range net.W {
		m.Weights = append(m.Weights, net.W[l].data)
		m.Biases = append(m.Biases, net.B[l].data)
	}
	return m
}

// ReadModel reads and checks a model file's JSON: the format, the sizes, and that every array has the
// length the sizes say.
func ReadModel(r io.Reader, name string) (*Model, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s is not a model file written by -save: %v", name, err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%s is not a valid model file: %v", name, err)
	}
	return &m, nil
}

func (m *Model) check() error {
	if m.Format != modelFormat || m.Version != 1 {
		return fmt.Errorf("format %q version %d; want %q version 1", m.Format, m.Version, modelFormat)
	}
	if len(m.Sizes) < 2 {
		return fmt.Errorf("%d layer sizes; want at least 2", len(m.Sizes))
	}
	for _, s := range m.Sizes {
		if s <= 0 {
			return fmt.Errorf("layer size %d", s)
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
	if len(m.Features) != m.Sizes[0] || len(m.Classes) != m.Sizes[layers] || len(m.Classes) < 2 {
		return fmt.Errorf("%d feature names and %d class names for sizes %v", len(m.Features), len(m.Classes), m.Sizes)
	}
	if st := m.Standardize; st != nil {
		if len(st.Mean) != m.Sizes[0] || len(st.Std) != m.Sizes[0] {
			return fmt.Errorf("standardize has %d means and %d deviations for %d features", len(st.Mean), len(st.Std), m.Sizes[0])
		}
		for _, s := range st.Std {
			if !(s > 0) {
				return fmt.Errorf("standardize has a standard deviation of %v", s)
			}
		}
	}
	return nil
}

// Network returns the model's network (sharing its numbers).
func (m *Model) Network() *Network {
	net := &Network{}
	for l := range m.Weights {
		net.W = append(net.W, NewMatrixFrom(m.Sizes[l], m.Sizes[l+1], m.Weights[l]))
		net.B = append(net.B, NewMatrixFrom(1, m.Sizes[l+1], m.Biases[l]))
	}
	return net
}
