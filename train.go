package main

// train.go — the training step and the loop around it: gradient descent as in the post.
//
// Step.Run is the body of the post's loop, line for line, each of the post's lines quoted above ours:
// forward pass, loss, output error signal, hidden error signal, gradients, the L2 part, the update; the
// chain rule it applies is written out above it. Train calls it once per step. -explain runs
// the same Step.Run on step 0 and prints what it left in its buffers; the gradient check reads its
// gradients from there too. Nothing here is parallel or clever: the matrix operations of matrix.go use
// all cores underneath, as numpy's use BLAS.

import (
	"fmt"
	"io"
	"math"
)

// Config holds the settings of one training run.
type Config struct {
	LearningRate float64 // post: learning_rate
	RegLambda    float64 // post: reg_lambda
	Steps        int     // post: 5001, range(5001)
	Every        int     // print the loss every Every steps (post: 500)
	Batch        int     // rows per step; 0 means all training rows (the post's full batch)
	LossLabel    string  // what the loss lines say: "Loss" (post's numpy model) or "Minibatch loss" (its TensorFlow model)
	RecordLoss   bool    // compute the loss at every step, not only the printed ones, and return them all
}

// Step holds every value one training step computes over a batch of N rows, one buffer apiece, named
// as in the post: the forward pass (Pass), the loss, the error signals and the gradients. It is made
// once and reused by every step, so training allocates nothing after the first step.
type Step struct {
	Pass        // X, InputLayer, Hidden, OutputLayer, OutputProbs: the forward pass
	Y    Matrix // [N x K] the batch's one-hot labels (post: training_labels), a view into the data

	DataLoss, L2Loss, Loss float64 // the loss and its two parts, when the step was asked for it

	OutputErrorSignal *Matrix   // [N x K], post: output_error_signal = ∂L/∂output_layer
	ErrorSignalHidden []*Matrix // ErrorSignalHidden[l]: [N x Hₗ], post: error_signal_hidden = ∂L/∂hidden_layer
	DataGradW         []*Matrix // DataGradW[l]: like W[l], post: gradient_layer1_weights before the L2 part
	GradW             []*Matrix // GradW[l]: like W[l], post: gradient_layer1_weights, L2 part included
	GradB             []*Matrix // GradB[l]: like B[l], post: gradient_layer1_bias
}

// NewStep allocates a Step for batches of n rows of a network with these layer sizes.
func NewStep(sizes []int, n int) *Step {
	last := len(sizes) - 1
	s := &Step{Pass: *NewPass(sizes, n), OutputErrorSignal: NewMatrix(n, sizes[last])}
	for l := 1; l < last; l++ {
		s.ErrorSignalHidden = append(s.ErrorSignalHidden, NewMatrix(n, sizes[l]))
	}
	for l := 0; l < last; l++ {
		s.DataGradW = append(s.DataGradW, NewMatrix(sizes[l], sizes[l+1]))
		s.GradW = append(s.GradW, NewMatrix(sizes[l], sizes[l+1]))
		s.GradB = append(s.GradB, NewMatrix(1, sizes[l+1]))
	}
	return s
}

// errorSignal returns δ for layer l's output, ∂L/∂(layer l's output): the output error signal for the
// last layer, the hidden error signal of layer l below it.
func (s *Step) errorSignal(l int) *Matrix {
	if l == len(s.ErrorSignalHidden) {
		return s.OutputErrorSignal
	}
	return s.ErrorSignalHidden[l]
}

// ---------------------------------------------------------------------------------------------------
// The chain rule, and the step that applies it.
//
// The loss is L = (1/N)·Σₙ −log softmax(zₙ)[yₙ] + ½·λ·Σₗ ΣWₗ², with z the output layer. The derivative of
// its first part with respect to the scores is the classic softmax-with-cross-entropy result
//
//	∂L/∂z = (output_probs − y) / N                      the output error signal δ
//
// (differentiate −log(e^{z_y}/Σₖe^{zₖ}) = −z_y + log Σₖ e^{zₖ}: the first term gives −1 at the true class,
// the second gives e^{zⱼ}/Σₖe^{zₖ} = pⱼ at every class; 1/N is the mean.) Then, for a layer out = in·W + b,
// the post's two rules:
//
//	rule 1 (weights): ∂L/∂W = inᵀ · δ    and   ∂L/∂b = Σ over rows of δ
//	rule 2 (the signal back through W and a ReLU): δ_in = (δ · Wᵀ) ⊙ 1(in > 0)
//
// and for the L2 term ½·λ·ΣW², ∂/∂W = λ·W, added to the data part of each weight gradient. ReLU′(z) =
// 1(z > 0) is the one piece of rule 2 that is not a product; it is ReLUBackwardInto (network.go).

// Run is one step of gradient descent on the batch s.X, s.Y: the body of the post's training loop, in
// its order. Each of the post's 19 lines is quoted above the line of ours that computes it — the four
// forward lines in Forward (network.go), the other fifteen here — and every matrix line ends with its
// shape, the general one and then the post's (N = 13500 rows, 2 → 5 → 3). The post has one hidden layer:
// its layer 1 is our l = 0, its layer 2 our l = last. Our lines for the hidden layers run in a loop over
// l, once per hidden layer (-hidden 16,8 has two), and quote the post's layer-1 line as "l = 0: …".
//
// It computes the loss only when wantLoss — nothing else depends on it — moves every weight and bias of
// net against its gradient, and leaves every value it computed in s. The chain rule it applies is the
// derivation above. TestStepEqualsPlainStep (network_test.go) is the plainest version of this whole
// step: the same step for one hidden layer, written out again with matrix.go's textbook loops, which Run
// must match bit for bit.
func (s *Step) Run(net *Network, cfg Config, wantLoss bool) {
	last := len(net.W) - 1 // the output layer's weights: the post's layer2_weights_array

	// input_layer, hidden_layer, output_layer, output_probs: the forward pass, its four lines quoted there
	net.Forward(&s.Pass)

	if wantLoss {
		// loss = cross_entropy_softmax_loss_array(output_probs, training_labels)
		s.DataLoss = CrossEntropyLoss(s.OutputLayer, &s.Y)
		// loss += regularization_L2_softmax_loss(reg_lambda, layer1_weights_array, layer2_weights_array)
		s.L2Loss = net.L2Loss(cfg.RegLambda)
		s.Loss = s.DataLoss + s.L2Loss
	}

	// output_error_signal = (output_probs - training_labels) / output_probs.shape[0]      δ = ∂L/∂z = (p − y)/N
	SubInto(s.OutputErrorSignal, s.OutputProbs, &s.Y)                          // [N x K], post: [13500 x 3]
	DivScalarInto(s.OutputErrorSignal, s.OutputErrorSignal, float64(s.Y.rows)) // [N x K], post: [13500 x 3]

	for l := last - 1; l >= 0; l-- { // rule 2, from the top down: each hidden layer's error signal
		// error_signal_hidden = np.dot(output_error_signal, layer2_weights_array.T)        δ·Wᵀ
		MulTransBInto(s.ErrorSignalHidden[l], s.errorSignal(l+1), net.W[l+1]) // [N x Hₗ] = [N x size[l+2]]·[Hₗ x size[l+2]]ᵀ, post: [13500 x 5] = [13500 x 3]·[5 x 3]ᵀ
		// error_signal_hidden[hidden_layer <= 0] = 0                                      ⊙ ReLU′ = 1(hidden > 0)
		ReLUBackwardInto(s.ErrorSignalHidden[l], s.ErrorSignalHidden[l], s.Hidden[l]) // [N x Hₗ], post: [13500 x 5], in place as in the post
	}

	// rule 1, from the top down: the gradients, first the output layer's, reading the last hidden layer
	// gradient_layer2_weights = np.dot(hidden_layer.T, output_error_signal)               ∂L/∂W = inputᵀ·δ
	MulTransAInto(s.DataGradW[last], s.layerInput(last), s.OutputErrorSignal) // [size[last] x K] = [N x size[last]]ᵀ·[N x K], post: [5 x 3] = [13500 x 5]ᵀ·[13500 x 3]
	// gradient_layer2_bias = np.sum(output_error_signal, axis = 0, keepdims = True)       ∂L/∂b = Σ_rows δ
	SumRowsInto(s.GradB[last], s.OutputErrorSignal) // [1 x K], post: [1 x 3]
	// then each hidden layer's, reading the layer below it (for l = 0, the input rows: training_data)
	for l := last - 1; l >= 0; l-- {
		// l = 0: gradient_layer1_weights = np.dot(training_data.T, error_signal_hidden)
		MulTransAInto(s.DataGradW[l], s.layerInput(l), s.ErrorSignalHidden[l]) // [size[l] x Hₗ] = [N x size[l]]ᵀ·[N x Hₗ], post: [2 x 5] = [13500 x 2]ᵀ·[13500 x 5]
		// l = 0: gradient_layer1_bias = np.sum(error_signal_hidden, axis = 0, keepdims = True)
		SumRowsInto(s.GradB[l], s.ErrorSignalHidden[l]) // [1 x Hₗ], post: [1 x 5]
	}

	// the L2 part, from the top down (into GradW, so that DataGradW keeps the data part for -explain)
	// gradient_layer2_weights += reg_lambda * layer2_weights_array                        ∂(½·λ·ΣW²)/∂W = λ·W
	AddScaledInto(s.GradW[last], s.DataGradW[last], cfg.RegLambda, net.W[last]) // [size[last] x K], post: [5 x 3]
	for l := last - 1; l >= 0; l-- {
		// l = 0: gradient_layer1_weights += reg_lambda * layer1_weights_array
		AddScaledInto(s.GradW[l], s.DataGradW[l], cfg.RegLambda, net.W[l]) // [size[l] x Hₗ], post: [2 x 5]
	}

	for l := 0; l < last; l++ { // the update, from the bottom up as in the post: first each hidden layer
		// l = 0: layer1_weights_array -= learning_rate * gradient_layer1_weights
		AddScaledInto(net.W[l], net.W[l], -cfg.LearningRate, s.GradW[l]) // [size[l] x Hₗ], post: [2 x 5]
		// l = 0: layer1_biases_array -= learning_rate * gradient_layer1_bias
		AddScaledInto(net.B[l], net.B[l], -cfg.LearningRate, s.GradB[l]) // [1 x Hₗ], post: [1 x 5]
	}
	// then the output layer
	// layer2_weights_array -= learning_rate * gradient_layer2_weights
	AddScaledInto(net.W[last], net.W[last], -cfg.LearningRate, s.GradW[last]) // [size[last] x K], post: [5 x 3]
	// layer2_biases_array -= learning_rate * gradient_layer2_bias
	AddScaledInto(net.B[last], net.B[last], -cfg.LearningRate, s.GradB[last]) // [1 x K], post: [1 x 3]
}

// ---------------------------------------------------------------------------------------------------
// The loop.

// Train runs cfg.Steps steps of gradient descent on net over the training set (x [N x D], y [N x K]),
// printing "Loss at step S: X" to out every cfg.Every steps (post: if step % 500 == 0: print …). With
// cfg.RecordLoss it returns the loss of every step (for the loss curve of -plot). It returns an error if
// the loss stops being finite.
func Train(net *Network, x, y *Matrix, cfg Config, out io.Writer) (losses []float64, err error) {
	t := NewTrainer(net, x, y, cfg)
	for t.Done < cfg.Steps {
		step := t.Done
		printLoss := step%cfg.Every == 0
		if err := t.Next(printLoss || cfg.RecordLoss); err != nil {
			return nil, err
		}
		if cfg.RecordLoss {
			losses = append(losses, t.S.Loss)
		}
		if printLoss {
			fmt.Fprintf(out, "%s at step %d: %s\n", cfg.LossLabel, step, formatFloat(t.S.Loss))
		}
	}
	return losses, nil
}

// Trainer is a training run that can be taken one step at a time: Train loops over it, and so does the
// live view of -serve.
type Trainer struct {
	Net   *Network
	X, Y  *Matrix // the whole training set: [N x D], [N x K]
	Cfg   Config
	Done  int   // steps taken
	S     *Step // the last step's values
	batch int   // rows per step
}

// NewTrainer prepares to train net on x, y with cfg; no step is taken yet.
func NewTrainer(net *Network, x, y *Matrix, cfg Config) *Trainer {
	batch := cfg.Batch
	if batch == 0 {
		batch = x.rows
	}
	return &Trainer{Net: net, X: x, Y: y, Cfg: cfg, S: NewStep(net.Sizes(), batch), batch: batch}
}

// Next takes the next step — step t.Done — on its batch: the rows from BatchOffset on. wantLoss asks
// for the loss (t.S.Loss). It returns an error, and takes no further step, once the loss or a weight
// stops being finite.
func (t *Trainer) Next(wantLoss bool) error {
	step := t.Done
	lo := BatchOffset(step, t.batch, t.X.rows)
	RowsViewInto(&t.S.X, t.X, lo, lo+t.batch) // [batch x D]
	RowsViewInto(&t.S.Y, t.Y, lo, lo+t.batch) // [batch x K]
	t.S.Run(t.Net, t.Cfg, wantLoss)
	t.Done++
	if wantLoss && notFinite(t.S.Loss) {
		return &DivergedError{Step: step}
	}
	if !t.Net.finite() {
		return &DivergedError{Step: step + 1} // the next step's loss would be NaN or ±Inf
	}
	return nil
}

// DivergedError says that training stopped because the loss, or a weight, is no longer a finite number.
type DivergedError struct{ Step int }

func (e *DivergedError) Error() string {
	return fmt.Sprintf("the loss is no longer finite at step %d: training diverged", e.Step)
}

// finite reports whether every weight and bias is a finite number.
func (net *Network) finite() bool {
	for l := range net.W {
		for _, m := range []*Matrix{net.W[l], net.B[l]} {
			for _, v := range m.data {
				if notFinite(v) {
					return false
				}
			}
		}
	}
	return true
}

// BatchOffset returns the first training row of step's minibatch, by the post's TensorFlow rule
// offset = (step · batch) mod (n − batch): batches walk down the training set in order and wrap around.
// batch == n (or 0) is the full batch, offset 0. It panics unless 0 ≤ batch ≤ n.
func BatchOffset(step, batch, n int) int {
	if batch < 0 || batch > n {
		panic(fmt.Sprintf("BatchOffset: batch of %d rows from %d", batch, n))
	}
	if batch == 0 || batch == n {
		return 0
	}
	return step * batch % (n - batch)
}

// ---------------------------------------------------------------------------------------------------
// The gradient check: backprop against finite differences.

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

// GradientCheck compares backprop's gradient of the full loss on x [N x D], y [N x K] — the GradW and
// GradB that Step.Run computes, from a step run on a copy of net — with the central difference
// (L(θ + h) − L(θ − h)) / 2h, one parameter θ at a time, and returns the largest relative error
// |backprop − numeric| / max(|backprop|, |numeric|, 1e-3) for each parameter array. (The floor 1e-3 keeps
// a gradient that is nearly 0 from turning the difference's own rounding into a large relative error;
// it makes the check absolute below 1e-3.)
//
// Kinks: ReLU has no derivative at 0, and if a nudge of ±h moves some row's hidden unit across 0 the
// difference measures the kink, not the gradient. So for each parameter the largest h in gradCheckSteps
// that turns no ReLU on or off is used; a parameter for which even the smallest does is skipped and
// counted. The network is left unchanged.
func GradientCheck(net *Network, x, y *Matrix, regLambda float64) []GradCheck {
	s := NewStep(net.Sizes(), x.rows)
	s.X, s.Y = *x, *y
	s.Run(net.Clone(), Config{RegLambda: regLambda}, false) // the copy's update is thrown away
	pattern := reluPattern(s.Hidden)

	p := NewPass(net.Sizes(), x.rows)
	p.X = *x
	// centralDifference returns (L(θ+h) − L(θ−h)) / 2h for the largest h that crosses no kink.
	centralDifference := func(theta *float64) (numeric float64, ok bool) {
		orig := *theta
		defer func() { *theta = orig }()
		for _, h := range gradCheckSteps {
			*theta = orig + h
			lossPlus := net.Loss(p, y, regLambda)
			samePlus := reluPattern(p.Hidden) == pattern
			*theta = orig - h
			lossMinus := net.Loss(p, y, regLambda)
			if samePlus && reluPattern(p.Hidden) == pattern {
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
		check(fmt.Sprintf("W%d", l+1), net.W[l], s.GradW[l])
		check(fmt.Sprintf("b%d", l+1), net.B[l], s.GradB[l])
	}
	return results
}

// reluPattern summarizes which hidden units are on (> 0), as a string of 0s and 1s.
func reluPattern(hidden []*Matrix) string {
	var b []byte
	for _, h := range hidden {
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
