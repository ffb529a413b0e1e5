package main

// network.go — the network itself: its weights, the forward pass, the loss, and the local derivatives
// that backpropagation chains together, in the post's words. train.go puts them together into the
// training step.
//
// Shapes, written at the end of every matrix line as // [rows x cols]:
//
//	N  rows in the batch (all 13500 training rows, or a minibatch)
//	D  input features (2 in the post)
//	H  units in a hidden layer (5 in the post); Hₗ for hidden layer l when there are several
//	K  classes (3 in the post)
//
// The post's network is D → H (ReLU) → K (softmax): two weight matrices. -activation puts tanh, the
// sigmoid or nothing (linear) where the post has its ReLU, in every hidden layer, as TensorFlow
// Playground lets a learner choose. Here any list of hidden sizes goes through the same code (-hidden 5
// is the post; -hidden 16,8 has three weight matrices): layer l maps size[l] inputs to size[l+1]
// outputs, so W[l] is [size[l] x size[l+1]] and B[l] is [1 x size[l+1]].
// W[0], B[0] are the post's layer1_weights_array, layer1_biases_array; the last ones are layer2's.

import (
	"fmt"
	"math"
)

// Network is a fully connected network with hidden layers of one activation (the post's ReLU unless
// Activation says otherwise) and a softmax output.
type Network struct {
	W          []*Matrix // W[l]: [size[l] x size[l+1]], layer l's weights (post: layer1_weights_array, …)
	B          []*Matrix // B[l]: [1 x size[l+1]], layer l's biases (post: layer1_biases_array, …)
	Activation string    // the hidden layers' activation, one of Activations; "" is the post's "relu"
}

// Activations are the hidden layers' activations -activation offers, the post's first: TensorFlow
// Playground's four.
var Activations = []string{"relu", "tanh", "sigmoid", "linear"}

// activation returns the hidden layers' activation by name, "" read as the post's "relu".
func (net *Network) activation() string {
	if net.Activation == "" {
		return "relu"
	}
	return net.Activation
}

// NewNetwork returns a network with the given layer sizes (inputs, hidden sizes…, classes). Weights are
// drawn by draw(rows, cols) one matrix at a time, first layer first, as the post draws
// layer1_weights_array before layer2_weights_array; biases start at zero (post: np.zeros((1, n))).
func NewNetwork(sizes []int, draw func(rows, cols int) *Matrix) *Network {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("NewNetwork: %d layer sizes; want at least inputs and outputs", len(sizes)))
	}
	net := &Network{} // the post's ReLU; set Activation for another
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

// Clone returns a copy of the network that shares no numbers with it.
func (net *Network) Clone() *Network {
	c := &Network{Activation: net.Activation}
	for l := range net.W {
		c.W = append(c.W, net.W[l].Clone())
		c.B = append(c.B, net.B[l].Clone())
	}
	return c
}

// ---------------------------------------------------------------------------------------------------
// The forward pass.

// Pass holds the values of one forward pass over a batch of N rows, one buffer apiece, so that a
// training loop can reuse them step after step.
type Pass struct {
	X           Matrix    // [N x D] the rows (post: training_data), a view into the data
	InputLayer  []*Matrix // InputLayer[l]: [N x Hₗ], post: input_layer = np.dot(training_data, layer1_weights_array)
	Hidden      []*Matrix // Hidden[l]: [N x Hₗ], post: hidden_layer = relu_activation(input_layer + layer1_biases_array), or -activation's
	OutputLayer *Matrix   // [N x K], post: output_layer, the scores before softmax
	OutputProbs *Matrix   // [N x K], post: output_probs = softmax(output_layer)
	ScoresOnly  bool      // stop at the scores: a picture that wants only each row's most probable class
	// (softmax keeps the scores' order, so their argmax is the probabilities') is spared the exponentials
}

// NewPass allocates a Pass for batches of n rows of a network with these layer sizes.
func NewPass(sizes []int, n int) *Pass {
	last := len(sizes) - 1
	p := &Pass{OutputLayer: NewMatrix(n, sizes[last]), OutputProbs: NewMatrix(n, sizes[last])}
	for l := 1; l < last; l++ {
		p.InputLayer = append(p.InputLayer, NewMatrix(n, sizes[l]))
		p.Hidden = append(p.Hidden, NewMatrix(n, sizes[l]))
	}
	return p
}

// layerInput returns what layer l reads: the batch's inputs for l = 0, hidden layer l−1 after that.
func (p *Pass) layerInput(l int) *Matrix {
	if l == 0 {
		return &p.X
	}
	return p.Hidden[l-1]
}

// Forward runs the rows p.X through the network, filling every buffer of p. The post, for one hidden
// layer:
//
//	input_layer  = np.dot(training_data, layer1_weights_array)
//	hidden_layer = relu_activation(input_layer + layer1_biases_array)
//	output_layer = np.dot(hidden_layer, layer2_weights_array) + layer2_biases_array
//	output_probs = softmax(output_layer)
//
// With more hidden layers the first two lines repeat, each layer reading the one below. Another
// -activation replaces relu_activation (activateInto).
func (net *Network) Forward(p *Pass) {
	last := len(net.W) - 1
	for l := 0; l < last; l++ {
		// input_layer = np.dot(training_data, layer1_weights_array)
		MulInto(p.InputLayer[l], p.layerInput(l), net.W[l]) // [N x Hₗ] = [N x size[l]]·[size[l] x Hₗ], post: [13500 x 5] = [13500 x 2]·[2 x 5]
		// hidden_layer = relu_activation(input_layer + layer1_biases_array)
		AddRowVectorInto(p.Hidden[l], p.InputLayer[l], net.B[l]) // [N x Hₗ] = [N x Hₗ] + [1 x Hₗ], post: [13500 x 5] = [13500 x 5] + [1 x 5]
		net.activateInto(p.Hidden[l], p.Hidden[l])               // [N x Hₗ], in place, post: [13500 x 5]
	}
	// output_layer = np.dot(hidden_layer, layer2_weights_array) + layer2_biases_array
	MulInto(p.OutputLayer, p.layerInput(last), net.W[last])     // [N x K] = [N x H]·[H x K], post: [13500 x 3] = [13500 x 5]·[5 x 3]
	AddRowVectorInto(p.OutputLayer, p.OutputLayer, net.B[last]) // [N x K] = [N x K] + [1 x K], post: [13500 x 3] = [13500 x 3] + [1 x 3]
	if p.ScoresOnly {
		return
	}
	// output_probs = softmax(output_layer)
	SoftmaxInto(p.OutputProbs, p.OutputLayer) // [N x K], post: [13500 x 3]
}

// activateInto writes the hidden layers' activation of z into dst (dst == z is fine), in numpy:
//
//	relu:    np.maximum(z, 0)        the post's relu_activation
//	tanh:    np.tanh(z)
//	sigmoid: 1 / (1 + np.exp(-z))
//	linear:  z                       no activation: the layers stack into one linear map
func (net *Network) activateInto(dst, z *Matrix) {
	switch a := net.activation(); a {
	case "relu":
		ReLUInto(dst, z)
	case "tanh":
		TanhInto(dst, z)
	case "sigmoid":
		SigmoidInto(dst, z)
	case "linear": // the hidden layer is input_layer + biases as it is
		mustSameShape("Linear", dst, z)
		copy(dst.data, z.data) // (in Forward, dst == z: nothing to do)
	default:
		panic(fmt.Sprintf("Forward: activation %q; want one of %v", a, Activations))
	}
}

// ReLUInto writes max(a, 0) elementwise into dst (post: relu_activation, np.maximum(data_array, 0));
// dst == a is fine. A NaN stays NaN, as in np.maximum; −0 becomes +0.
func ReLUInto(dst, a *Matrix) { MaximumInto(dst, a, 0) }

// TanhInto writes tanh(a) elementwise into dst (numpy: np.tanh(a)); dst == a is fine. math.Tanh is
// careful for every |a|: it tends to ±1, never overflows.
func TanhInto(dst, a *Matrix) {
	mustSameShape("Tanh", dst, a)
	elementwise(tanhLoop, dst, a, nil, 0)
}

// tanhLoop is TanhInto's loop: d = tanh(a).
func tanhLoop(d, a, _ []float64, _ float64) {
	for i, v := range a {
		d[i] = math.Tanh(v)
	}
}

// SigmoidInto writes σ(a) = 1/(1 + e^−a) elementwise into dst (numpy: 1 / (1 + np.exp(-a))); dst == a
// is fine.
func SigmoidInto(dst, a *Matrix) {
	mustSameShape("Sigmoid", dst, a)
	elementwise(sigmoidLoop, dst, a, nil, 0)
}

// sigmoidLoop is SigmoidInto's loop: d = σ(a).
func sigmoidLoop(d, a, _ []float64, _ float64) {
	for i, v := range a {
		d[i] = sigmoid(v)
	}
}

// sigmoid returns σ(z) = 1/(1 + e^−z).
//
// Numerical care: for z < −709, e^−z overflows to +Inf, and numpy's 1 / (1 + np.exp(-z)) warns of the
// overflow (its 1/Inf = 0 is still the right limit). So for z < 0 the same number is computed as
// e^z/(1 + e^z) (multiply above and below by e^z): e^z ≤ 1 then, nothing overflows, and σ of a very
// negative z underflows gently to 0 rather than passing through Inf. For z ≥ 0 the plain form has
// e^−z ≤ 1. The two forms differ only in the last bits.
func sigmoid(z float64) float64 {
	if z < 0 {
		e := math.Exp(z)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(-z))
}

// SoftmaxInto writes the row-wise softmax of the scores z into dst (post: softmax); dst == z is fine:
//
//	dst[i][j] = exp(z[i][j]) / Σₖ exp(z[i][k])
//
// Numerical care: each row's maximum mᵢ is subtracted first. exp(z − m)/Σ exp(z − m) is the same
// fraction (the factor exp(−m) cancels), but no exp can overflow: the largest term is exp(0) = 1 and the
// sum is at least 1. The post exponentiates z directly; the results differ only in the last bits.
func SoftmaxInto(dst, z *Matrix) {
	mustSameShape("Softmax", dst, z)
	MapRowsInto(dst, z, softmaxRows)
}

// softmaxRows writes the softmax of every row of the scores z into p, in three passes over the rows:
// shift, exponentials, normalize. (The exponentials get a loop of their own over every element, which
// keeps several in flight at once: about 10% faster on the post's [N x 3] than a loop per row.)
func softmaxRows(p, z Matrix) {
	k := z.cols
	for off := 0; off < len(z.data); off += k { // shift: p = z − rowmax(z)
		zi, pi := z.data[off:off+k], p.data[off:off+k]
		m := rowMax(zi)
		for j, v := range zi {
			pi[j] = v - m
		}
	}
	for i, v := range p.data { // exponentials: p = exp(p)
		p.data[i] = math.Exp(v)
	}
	for off := 0; off < len(p.data); off += k { // normalize: divide each row by its sum
		pi := p.data[off : off+k]
		sum := 0.0
		for _, e := range pi {
			sum += e
		}
		for j := range pi {
			pi[j] /= sum
		}
	}
}

// rowMax returns the largest value of a row of scores.
func rowMax(row []float64) float64 {
	m := row[0]
	for _, v := range row {
		m = max(m, v)
	}
	return m
}

// ---------------------------------------------------------------------------------------------------
// The loss.

// CrossEntropyLoss returns the mean over the rows of −log(output_probsₙ[yₙ]), where yₙ is row n's class
// in the one-hot y: the post's cross_entropy_softmax_loss_array. It takes the scores z (output_layer)
// rather than the probabilities, for the reason below; the sum over rows is added up as every sum over
// rows is (matrix.go).
//
// Numerical care: −log pₙ is computed from the scores as log Σₖ exp(zₙₖ − mₙ) − (zₙ,yₙ − mₙ), with mₙ the
// row's maximum. That is the same number as −log(softmax(z)ₙ,yₙ) (take the log of the softmax fraction),
// but it cannot become +Inf when a probability underflows to 0, as the post's np.log(probability) can for
// large scores. The two differ only in the last bits.
func CrossEntropyLoss(z, y *Matrix) float64 {
	mustSameShape("CrossEntropy", z, y)
	return SumRowPairs(z, y, crossEntropyRow) / float64(z.rows)
}

// crossEntropyRow returns −log softmax(z)[label] for one row, label being where the one-hot y is largest
// (post: np.argmax(y_onehot, axis=1)).
func crossEntropyRow(z, y []float64) float64 {
	label := argmax(y)
	m := rowMax(z)
	sum := 0.0
	for _, v := range z {
		sum += math.Exp(v - m)
	}
	return math.Log(sum) - (z[label] - m)
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

// L1Loss returns -l1's term of the loss for every weight matrix: Σₗ λ₁·Σ|Wₗ| (the post has none;
// TensorFlow Playground offers it beside L2). Biases are not regularized, as with L2.
func (net *Network) L1Loss(l1Lambda float64) float64 {
	loss := 0.0
	for _, w := range net.W {
		sumAbs := 0.0 // numpy: np.sum(np.abs(weight))
		for _, v := range w.data {
			sumAbs += math.Abs(v)
		}
		loss += l1Lambda * sumAbs
	}
	return loss
}

// Loss returns the post's full loss — the mean cross-entropy plus the L2 term, and the L1 term of -l1
// — of the network on the rows p.X with one-hot labels y, after running Forward over them. It is the
// number the training step computes as its loss, by the same functions in the same order.
func (net *Network) Loss(p *Pass, y *Matrix, regLambda, l1Lambda float64) float64 {
	net.Forward(p)
	return CrossEntropyLoss(p.OutputLayer, y) + net.L2Loss(regLambda) + net.L1Loss(l1Lambda)
}

// ---------------------------------------------------------------------------------------------------
// Local derivatives. The chain rule the training step applies — the output error signal (p − y)/N, the
// post's two rules, the L2 term's λ·W — is written out in train.go, above Step.Run, where it is used.
// The activation's derivative is the one piece of it that is not a product of matrices. Each is written
// with h, the activation's output (the hidden layer the forward pass kept), as the post writes ReLU's:
//
//	relu:    ReLU′(z) = 1(z > 0) = 1(h > 0)
//	tanh:    tanh′(z) = 1 − tanh²(z) = 1 − h²
//	sigmoid: σ′(z) = σ(z)·(1 − σ(z)) = h·(1 − h)
//	linear:  z′ = 1

// ReLUBackwardInto writes signal ⊙ 1(hidden > 0) into dst: the post's
// error_signal_hidden[hidden_layer <= 0] = 0, which the post does in place (dst == signal is fine).
// hidden is the ReLU's output; it is > 0 exactly where the ReLU's input was > 0.
func ReLUBackwardInto(dst, signal, hidden *Matrix) { KeepWherePositiveInto(dst, signal, hidden) }

// TanhBackwardInto writes signal ⊙ (1 − hidden²) into dst: error_signal_hidden *= 1 - hidden_layer**2
// in numpy (in place, dst == signal is fine). hidden is tanh's output h: d tanh(z)/dz = 1 − tanh(z)².
func TanhBackwardInto(dst, signal, hidden *Matrix) {
	mustSameShape("TanhBackward", signal, hidden)
	mustSameShape("TanhBackward", dst, signal)
	elementwise(tanhBackwardLoop, dst, signal, hidden, 0)
}

// tanhBackwardLoop is TanhBackwardInto's loop: d = a·(1 − h²).
func tanhBackwardLoop(d, a, h []float64, _ float64) {
	for i, v := range h {
		d[i] = a[i] * (1 - v*v)
	}
}

// SigmoidBackwardInto writes signal ⊙ hidden·(1 − hidden) into dst: error_signal_hidden *=
// hidden_layer * (1 - hidden_layer) in numpy (in place, dst == signal is fine). hidden is σ's output h:
// dσ(z)/dz = e^−z/(1 + e^−z)² = σ(z)·(1 − σ(z)).
func SigmoidBackwardInto(dst, signal, hidden *Matrix) {
	mustSameShape("SigmoidBackward", signal, hidden)
	mustSameShape("SigmoidBackward", dst, signal)
	elementwise(sigmoidBackwardLoop, dst, signal, hidden, 0)
}

// sigmoidBackwardLoop is SigmoidBackwardInto's loop: d = a·h·(1 − h).
func sigmoidBackwardLoop(d, a, h []float64, _ float64) {
	for i, v := range h {
		d[i] = a[i] * (v * (1 - v))
	}
}

// ---------------------------------------------------------------------------------------------------
// Using a trained network.

// Predict returns the output probabilities [N x K] for the rows of x [N x D] (post: the test-set forward
// pass before accuracy). It runs the same Forward as training.
func (net *Network) Predict(x *Matrix) *Matrix {
	p := NewPass(net.Sizes(), x.rows)
	p.X = *x
	net.Forward(p)
	return p.OutputProbs
}

// Accuracy returns the percentage of rows whose most probable class is the labelled one, computed as the
// post's accuracy function computes it: 100.0 * correct / N. Ties go to the first class, as np.argmax's.
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

// OnPlane returns a network of two inputs — features i and j of net's inputs, as read — that computes
// what net computes for rows whose other features are held at the values at (the training rows' means,
// as the pictures hold them), and scaled by st first when st is not nil. Each other feature's share of a
// first-layer unit's input, w·x, is then the same for every row, so it joins the unit's bias; and st's
// (x − mean)/std is folded into the two weights and the bias. A row of the plane then costs two inputs,
// not D (a picture of data with 20,000 features costs what one of two does). Layers above the first are
// net's own.
func (net *Network) OnPlane(i, j int, at []float64, st *Standardizer) *Network {
	w, b := net.W[0], net.B[0] // [D x H], [1 x H]
	pw, pb := NewMatrix(2, w.cols), b.Clone()
	for u := 0; u < w.cols; u++ {
		for k, v := range at {
			scale, shift := 1.0, 0.0 // the unit sees x·scale − shift
			if st != nil {
				scale, shift = 1/st.Std[k], st.Mean[k]/st.Std[k]
			}
			wk := w.At(k, u)
			switch k {
			case i:
				pw.Set(0, u, wk*scale)
				pb.data[u] -= wk * shift
			case j:
				pw.Set(1, u, wk*scale)
				pb.data[u] -= wk * shift
			default:
				pb.data[u] += wk * (v*scale - shift)
			}
		}
	}
	return &Network{W: append([]*Matrix{pw}, net.W[1:]...), B: append([]*Matrix{pb}, net.B[1:]...), Activation: net.Activation}
}

// Evaluate runs the rows p.X through the network and returns the accuracy on their one-hot labels y
// (percent) and the loss, the post's full loss with λ's L2 part (and λ₁'s L1 part), as training measures it.
func (net *Network) Evaluate(p *Pass, y *Matrix, regLambda, l1Lambda float64) (accuracy, loss float64) {
	loss = net.Loss(p, y, regLambda, l1Lambda)
	accuracy, _ = Accuracy(p.OutputProbs, y)
	return accuracy, loss
}
