package main

// train.go — the training step and the loop around it: gradient descent as in the post.
//
// In order: the step (Step.Run) and the loop (Train, Trainer); the table of every value of a step in the
// post's words (Step.Values), which every view of a step reads; the gradient check; what a run starts
// from. Then, below a banner a first reading can stop at, two tools built on the step: -check, which
// compares a learner's own port with it, and the pictures that -plot writes and the live page shows.
//
// Step.Run is the body of the post's loop, line for line, each of the post's lines quoted above ours:
// forward pass, loss, output error signal, hidden error signal, gradients, the L2 part, the update; the
// chain rule it applies is written out above it. Train calls it once per step. -explain runs
// the same Step.Run on step 0 and prints what it left in its buffers; the gradient check reads its
// gradients from there too. Nothing here is parallel or clever: the matrix operations of matrix.go use
// all cores underneath, as numpy's use BLAS.

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Config holds the settings of one training run.
type Config struct {
	LearningRate float64 // post: learning_rate
	RegLambda    float64 // post: reg_lambda
	L1Lambda     float64 // -l1's λ₁: the L1 part λ₁·Σ|W| of the loss (the post has none: 0)
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
	L1Loss                 float64 // -l1's part of the loss (0 without -l1), included in Loss
	L1Lambda               float64 // the λ₁ the step ran with; 0: no L1 part, and the table has no L1 lines

	OutputErrorSignal *Matrix   // [N x K], post: output_error_signal = ∂L/∂output_layer
	ErrorSignalHidden []*Matrix // ErrorSignalHidden[l]: [N x Hₗ], post: error_signal_hidden = ∂L/∂hidden_layer
	DataGradW         []*Matrix // DataGradW[l]: like W[l], post: gradient_layer1_weights before the L2 part
	GradW             []*Matrix // GradW[l]: like W[l], post: gradient_layer1_weights, L2 part (and -l1's L1 part) included
	GradB             []*Matrix // GradB[l]: like B[l], post: gradient_layer1_bias
	GradWL2           []*Matrix // GradWL2[l]: with -l1, the gradient before its L1 part (DataGradW + λ·W); nil without
}

// keepL2Part copies each GradW into GradWL2, allocating GradWL2 the first time (a step with -l1 keeps
// the gradient as the L2 part left it; the next step reuses the buffers).
func (s *Step) keepL2Part() {
	if s.GradWL2 == nil {
		for _, g := range s.GradW {
			s.GradWL2 = append(s.GradWL2, NewMatrix(g.rows, g.cols))
		}
	}
	for l, g := range s.GradW {
		copy(s.GradWL2[l].data, g.data)
	}
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
//	                (another -activation f: δ_in = (δ · Wᵀ) ⊙ f′, f′ below)
//
// and for the L2 term ½·λ·ΣW², ∂/∂W = λ·W, added to the data part of each weight gradient. -l1 adds
// λ₁·Σ|W| to the loss, whose derivative is λ₁·sign(W): +λ₁ for a positive weight, −λ₁ for a negative
// one, a constant pull towards 0 whatever the weight's size (L2's λ·W weakens as W shrinks, so L1 sets
// weights to 0 where L2 only makes them small). |W| has no derivative at W = 0; we take sign(0) = 0, as
// numpy's np.sign does, the middle of the slopes −λ₁ and +λ₁ on either side. ReLU′(z) =
// 1(z > 0) is the one piece of rule 2 that is not a product; it is ReLUBackwardInto (network.go).
//
// Rule 2 is the post's bold sentence: the error signal at a layer is the next layer's times the
// transpose of the weights, "then multiplied by the derivative of the layer's activation function".
// With h = f(z) the hidden layer the forward pass kept, each -activation's f′(z), written with h so that
// the step needs nothing but what the forward pass left:
//
//	relu:    f(z) = max(z, 0)          f′(z) = 1(z > 0) = 1(h > 0)             the post's mask
//	tanh:    f(z) = tanh z             f′(z) = 1 − tanh² z = 1 − h²
//	         (tanh z = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ); by the quotient rule its derivative is
//	         ((eᶻ + e⁻ᶻ)² − (eᶻ − e⁻ᶻ)²)/(eᶻ + e⁻ᶻ)² = 1 − tanh² z)
//	sigmoid: f(z) = σ(z) = 1/(1 + e⁻ᶻ)  f′(z) = e⁻ᶻ/(1 + e⁻ᶻ)² = σ(z)·(1 − σ(z)) = h·(1 − h)
//	         (1 − σ(z) = e⁻ᶻ/(1 + e⁻ᶻ), so the product of the two fractions is the derivative)
//	linear:  f(z) = z                  f′(z) = 1: the signal passes unchanged
//
// ReLU's derivative is a mask; the others are products, never 0, so every row teaches every unit
// (though tanh and σ teach it little where |z| is large: 1 − h² and h·(1 − h) are near 0 there).

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
		// (-l1) loss += l1_lambda * (np.sum(np.abs(layer1_weights_array)) + np.sum(np.abs(layer2_weights_array)))
		s.L1Loss = net.L1Loss(cfg.L1Lambda)
		s.Loss = s.DataLoss + s.L2Loss + s.L1Loss
	}

	// output_error_signal = (output_probs - training_labels) / output_probs.shape[0]      δ = ∂L/∂z = (p − y)/N
	SubInto(s.OutputErrorSignal, s.OutputProbs, &s.Y)                          // [N x K], post: [13500 x 3]
	DivScalarInto(s.OutputErrorSignal, s.OutputErrorSignal, float64(s.Y.rows)) // [N x K], post: [13500 x 3]

	for l := last - 1; l >= 0; l-- { // rule 2, from the top down: each hidden layer's error signal
		// error_signal_hidden = np.dot(output_error_signal, layer2_weights_array.T)        δ·Wᵀ
		MulTransBInto(s.ErrorSignalHidden[l], s.errorSignal(l+1), net.W[l+1]) // [N x Hₗ] = [N x size[l+2]]·[Hₗ x size[l+2]]ᵀ, post: [13500 x 5] = [13500 x 3]·[5 x 3]ᵀ
		// "then multiplied by the derivative of the layer's activation function", in place as in the post
		switch net.activation() {
		case "relu":
			// error_signal_hidden[hidden_layer <= 0] = 0                                  ⊙ ReLU′ = 1(hidden > 0)
			ReLUBackwardInto(s.ErrorSignalHidden[l], s.ErrorSignalHidden[l], s.Hidden[l]) // [N x Hₗ], post: [13500 x 5], in place as in the post
		case "tanh":
			// error_signal_hidden *= 1 - hidden_layer**2                                  ⊙ tanh′ = 1 − hidden²
			TanhBackwardInto(s.ErrorSignalHidden[l], s.ErrorSignalHidden[l], s.Hidden[l]) // [N x Hₗ], in place
		case "sigmoid":
			// error_signal_hidden *= hidden_layer * (1 - hidden_layer)                    ⊙ σ′ = hidden·(1 − hidden)
			SigmoidBackwardInto(s.ErrorSignalHidden[l], s.ErrorSignalHidden[l], s.Hidden[l]) // [N x Hₗ], in place
		case "linear":
			// (nothing: error_signal_hidden stays as it is)                              ⊙ 1
		}
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
	s.L1Lambda = cfg.L1Lambda
	if cfg.L1Lambda != 0 { // the L1 part, with -l1 (the post has none), after the L2 part
		s.keepL2Part() // GradWL2 = GradW, so that -explain can show the gradient before its L1 part
		for l := last; l >= 0; l-- {
			// l = 0: gradient_layer1_weights += l1_lambda * np.sign(layer1_weights_array)       ∂(λ₁·Σ|W|)/∂W = λ₁·sign(W)
			AddScaledSignInto(s.GradW[l], s.GradWL2[l], cfg.L1Lambda, net.W[l]) // [size[l] x size[l+1]], post: [2 x 5] for l = 0
		}
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
		err := t.Next(printLoss || cfg.RecordLoss)
		if printLoss && !notFinite(t.S.Loss) { // a step whose update diverged still printed its loss
			fmt.Fprint(out, lossLine(cfg, step, t.S.Loss))
		}
		if err != nil {
			return nil, err
		}
		if cfg.RecordLoss {
			losses = append(losses, t.S.Loss)
		}
	}
	return losses, nil
}

// lossLine is the line training prints for a step's loss: "Loss at step 500: 0.6733037417427977" (post:
// print 'Loss at step {0}: {1}'.format(step, loss)), in shortest round-trip form.
func lossLine(cfg Config, step int, loss float64) string {
	return fmt.Sprintf("%s at step %d: %s\n", cfg.LossLabel, step, formatFloat(loss))
}

// Trainer is a training run that can be taken one step at a time: Train loops over it, and so does the
// live view of -serve.
type Trainer struct {
	Net   *Network
	X, Y  *Matrix // the whole training set: [N x D], [N x K]
	Cfg   Config
	Done  int   // steps taken
	S     *Step // the last step's values
	Batch int   // rows per step: Cfg.Batch, or all of them
}

// NewTrainer prepares to train net on x, y with cfg; no step is taken yet.
func NewTrainer(net *Network, x, y *Matrix, cfg Config) *Trainer {
	batch := cfg.Batch
	if batch == 0 {
		batch = x.rows
	}
	return &Trainer{Net: net, X: x, Y: y, Cfg: cfg, S: NewStep(net.Sizes(), batch), Batch: batch}
}

// BatchOf points s.X and s.Y at the rows of the training set that step number step trains on, the rows
// from BatchOffset on, and returns the first of them. Training, the live view and its audit all take a
// step's batch from here.
func (t *Trainer) BatchOf(step int, s *Step) (first int) {
	first = BatchOffset(step, t.Batch, t.X.rows)
	RowsViewInto(&s.X, t.X, first, first+t.Batch) // [batch x D]
	RowsViewInto(&s.Y, t.Y, first, first+t.Batch) // [batch x K]
	return first
}

// Next takes the next step — step t.Done — on its batch. wantLoss asks for the loss (t.S.Loss). It
// returns a DivergedError, and takes no further step, once the loss stops being a finite number.
//
// Which step diverged: the first step S whose loss — computed from the weights S steps have made — is
// not finite, whether or not the loss was asked for, so that -every does not move it. Its data part is
// finite unless a score is not, or a row's label score lies so far below the row's largest that their
// difference overflows (dataLossFinite); its L2 part is checked on the weights the step leaves, which
// are the next step's.
func (t *Trainer) Next(wantLoss bool) error {
	step := t.Done
	t.BatchOf(step, t.S)
	t.S.Run(t.Net, t.Cfg, wantLoss)
	t.Done++
	if wantLoss && notFinite(t.S.Loss) || !t.S.dataLossFinite() {
		return &DivergedError{Step: step}
	}
	if !t.Net.finite() || notFinite(t.Net.L2Loss(t.Cfg.RegLambda)+t.Net.L1Loss(t.Cfg.L1Lambda)) {
		return &DivergedError{Step: step + 1} // the next step's loss cannot be finite
	}
	return nil
}

// dataLossFinite reports whether the step's mean cross-entropy is finite, without computing it in the
// common case. A row's term log Σ exp(z − max) − (z_label − max) is at most log K + 2·max|z|, so when
// every score is below MaxFloat64 / (2N + 2) in size neither a term nor the sum of N of them can
// overflow (and NaN fails the comparison); otherwise the loss is computed and looked at.
func (s *Step) dataLossFinite() bool {
	limit := math.MaxFloat64 / (2*float64(s.OutputLayer.rows) + 2)
	for _, z := range s.OutputLayer.data {
		if !(math.Abs(z) < limit) {
			return !notFinite(CrossEntropyLoss(s.OutputLayer, &s.Y))
		}
	}
	return true
}

// DivergedError says that training stopped because the loss at Step is no longer a finite number.
type DivergedError struct{ Step int }

func (e *DivergedError) Error() string {
	return fmt.Sprintf("the loss is no longer finite at step %d: training diverged", e.Step)
}

// finite reports whether every weight and bias is a finite number.
func (net *Network) finite() bool {
	for l := range net.W {
		if !allFinite(net.W[l]) || !allFinite(net.B[l]) {
			return false
		}
	}
	return true
}

// allFinite reports whether every element of m is a finite number.
func allFinite(m *Matrix) bool {
	for _, v := range m.data {
		if notFinite(v) {
			return false
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
// The step's values, in the post's words.

// StepValue is one value of a training step: the post's name for it, the post's line that makes it, our
// name for it, and its numbers. Every view of a step — -explain, the live view's audit, -gradcheck's
// labels, -check — reads the step from this one table, Step.Values, so each of the post's expressions is
// written once, here.
type StepValue struct {
	Name  string  // the post's variable: input_layer, gradient_layer1_weights, …
	Post  string  // the post's line that makes it: "input_layer = np.dot(training_data, layer1_weights_array)"
	Ours  string  // our Go value, and what it is: "Step.InputLayer[0] = X·W[0]"
	M     *Matrix // its numbers (a loss is 1×1); for the step's rows, a view of its buffer
	Rows  bool    // one row per example of the batch (N rows)
	Units int     // the layer whose units number the columns: 0 the features, len(W) the classes; −1 for a loss
	Of    *Matrix // for a parameter's whole gradient (the L2 part included): that parameter, in before
}

// Values returns every value of the step s just computed, in the post's order: the step's inputs — its
// rows, their labels, and the weights and biases it started from (before) — then the forward pass, the
// loss and its two parts, the error signals, the gradients (their data part, then with the L2 part), and,
// when after is not nil, the weights and biases after the update (after is the network Run updated).
// The step must have been run with its loss. With one hidden layer the names are the post's; with more,
// the hidden layers' names are numbered from the bottom (hidden_layer1, hidden_layer2, …, and so
// error_signal_hidden1, …) and the weights are layer1_weights_array, layer2_…, layer3_….
func (s *Step) Values(before, after *Network) []StepValue {
	last := len(before.W) - 1
	n, act := postNames{layers: last}, activationLines[before.activation()]
	scalar := func(v float64) *Matrix { return NewMatrixFrom(1, 1, []float64{v}) }
	vs := []StepValue{
		{"training_data", "training_data", "Step.X: the step's rows", &s.X, true, 0, nil},
		{"training_labels", "training_labels", "Step.Y: their one-hot labels", &s.Y, true, last + 1, nil},
	}
	for l := range before.W {
		vs = append(vs,
			StepValue{n.weights(l), n.weights(l), fmt.Sprintf("net.W[%d], as the step starts", l), before.W[l], false, l + 1, nil},
			StepValue{n.biases(l), n.biases(l), fmt.Sprintf("net.B[%d]", l), before.B[l], false, l + 1, nil})
	}

	// the forward pass
	for l := 0; l < last; l++ {
		in, inOurs := n.input(l)
		vs = append(vs,
			StepValue{n.hidden(inputLayer, l), fmt.Sprintf("%s = np.dot(%s, %s)", n.hidden(inputLayer, l), in, n.weights(l)),
				fmt.Sprintf("Step.InputLayer[%d] = %s·W[%d]", l, inOurs, l), s.InputLayer[l], true, l + 1, nil},
			StepValue{n.hidden(hiddenLayer, l), fmt.Sprintf("%s = %s", n.hidden(hiddenLayer, l), fmt.Sprintf(act.post, n.hidden(inputLayer, l)+" + "+n.biases(l))),
				fmt.Sprintf("Step.Hidden[%d] = %s", l, fmt.Sprintf(act.ours, fmt.Sprintf("InputLayer[%d] + B[%d]", l, l))), s.Hidden[l], true, l + 1, nil})
	}
	in, inOurs := n.input(last)
	vs = append(vs,
		StepValue{"output_layer", fmt.Sprintf("output_layer = np.dot(%s, %s) + %s", in, n.weights(last), n.biases(last)),
			fmt.Sprintf("Step.OutputLayer = %s·W[%d] + B[%d]", inOurs, last, last), s.OutputLayer, true, last + 1, nil},
		StepValue{"output_probs", "output_probs = softmax(output_layer)",
			"Step.OutputProbs: exp(z − rowmax) / Σ exp(z − rowmax), row by row", s.OutputProbs, true, last + 1, nil})

	// the loss
	var arrays []string
	for l := range before.W {
		arrays = append(arrays, n.weights(l))
	}
	l2 := fmt.Sprintf("regularization_L2_softmax_loss(reg_lambda, %s)", strings.Join(arrays, ", "))
	vs = append(vs,
		StepValue{"loss", "loss = cross_entropy_softmax_loss_array(output_probs, training_labels)",
			"Step.DataLoss = CrossEntropyLoss(OutputLayer, Y): the mean of −log(probability of the true class)", scalar(s.DataLoss), false, -1, nil},
		StepValue{"regularization_L2_softmax_loss", l2, "Step.L2Loss = net.L2Loss(λ) = Σ ½·λ·ΣW²", scalar(s.L2Loss), false, -1, nil})
	if s.L1Lambda == 0 {
		vs = append(vs, StepValue{"loss", "loss += " + l2, "Step.Loss = DataLoss + L2Loss: the number training prints", scalar(s.Loss), false, -1, nil})
	} else { // -l1: the loss so far (the sum the step adds its L1 part to), the L1 part, the whole loss
		var abs []string
		for _, a := range arrays {
			abs = append(abs, "np.sum(np.abs("+a+"))")
		}
		l1 := fmt.Sprintf("l1_lambda * (%s)", strings.Join(abs, " + "))
		vs = append(vs,
			StepValue{"loss", "loss += " + l2, "DataLoss + L2Loss: the loss before its L1 part", scalar(s.DataLoss + s.L2Loss), false, -1, nil},
			StepValue{"regularization_L1_loss", l1, "Step.L1Loss = net.L1Loss(λ₁) = λ₁·Σ|W|", scalar(s.L1Loss), false, -1, nil},
			StepValue{"loss", "loss += " + l1, "Step.Loss = DataLoss + L2Loss + L1Loss: the number training prints", scalar(s.Loss), false, -1, nil})
	}

	// the error signals: rule 2, from the top down
	vs = append(vs, StepValue{outputSignal, outputSignal + " = (output_probs - training_labels) / output_probs.shape[0]",
		"Step.OutputErrorSignal = (OutputProbs − Y) / N = ∂L/∂output_layer", s.OutputErrorSignal, true, last + 1, nil})
	for l := last - 1; l >= 0; l-- {
		sig := n.signal(l)
		h := n.hidden(hiddenLayer, l)
		vs = append(vs, StepValue{sig, fmt.Sprintf("%s = np.dot(%s, %s.T)%s", sig, n.signal(l+1), n.weights(l+1), strings.NewReplacer("SIGNAL", sig, "HIDDEN", h).Replace(act.backPost)),
			fmt.Sprintf("Step.ErrorSignalHidden[%d] = (δ above · W[%d]ᵀ)%s", l, l+1, strings.ReplaceAll(act.backOurs, "HIDDEN", fmt.Sprintf("Hidden[%d]", l))),
			s.ErrorSignalHidden[l], true, l + 1, nil})
	}

	// the gradients: rule 1, from the top down; then the L2 part
	for l := last; l >= 0; l-- {
		in, inOurs := n.input(l)
		vs = append(vs,
			StepValue{n.gradient(l, "weights"), fmt.Sprintf("%s = np.dot(%s.T, %s)", n.gradient(l, "weights"), in, n.signal(l)),
				fmt.Sprintf("Step.DataGradW[%d] = %sᵀ·δ, the data part", l, inOurs), s.DataGradW[l], false, l + 1, nil},
			StepValue{n.gradient(l, "bias"), fmt.Sprintf("%s = np.sum(%s, axis = 0, keepdims = True)", n.gradient(l, "bias"), n.signal(l)),
				fmt.Sprintf("Step.GradB[%d] = Σ over rows of δ", l), s.GradB[l], false, l + 1, before.B[l]})
	}
	for l := last; l >= 0; l-- {
		l2 := StepValue{n.gradient(l, "weights"), fmt.Sprintf("%s += reg_lambda * %s", n.gradient(l, "weights"), n.weights(l)),
			fmt.Sprintf("Step.GradW[%d] = DataGradW[%d] + λ·W[%d]", l, l, l), s.GradW[l], false, l + 1, before.W[l]}
		if s.L1Lambda != 0 { // not yet the whole gradient: the L1 part comes next
			l2.Ours, l2.M, l2.Of = fmt.Sprintf("Step.GradWL2[%d] = DataGradW[%d] + λ·W[%d], before the L1 part", l, l, l), s.GradWL2[l], nil
		}
		vs = append(vs, l2)
	}
	for l := last; l >= 0 && s.L1Lambda != 0; l-- {
		vs = append(vs, StepValue{n.gradient(l, "weights"), fmt.Sprintf("%s += l1_lambda * np.sign(%s)", n.gradient(l, "weights"), n.weights(l)),
			fmt.Sprintf("Step.GradW[%d] = GradWL2[%d] + λ₁·sign(W[%d]), sign(0) = 0", l, l, l), s.GradW[l], false, l + 1, before.W[l]})
	}

	// the update
	if after != nil {
		for l := range after.W {
			vs = append(vs,
				StepValue{n.weights(l), fmt.Sprintf("%s -= learning_rate * %s", n.weights(l), n.gradient(l, "weights")),
					fmt.Sprintf("net.W[%d] after the step: W − lr·GradW[%d]", l, l), after.W[l], false, l + 1, nil},
				StepValue{n.biases(l), fmt.Sprintf("%s -= learning_rate * %s", n.biases(l), n.gradient(l, "bias")),
					fmt.Sprintf("net.B[%d] after the step: b − lr·GradB[%d]", l, l), after.B[l], false, l + 1, nil})
		}
	}
	return vs
}

// Share returns row at's term of the sum over the batch's rows that makes the value v: for a
// gradient's data part, inputᵀ·δ of that row alone, [size[l] x size[l+1]] = [1 x size[l]]ᵀ·[1 x size[l+1]];
// for a bias gradient, the row's δ; nil for a value that is no such sum. The step adds these terms up
// over its rows (post: np.dot(hidden_layer.T, output_error_signal) sums hidden[n]ᵀ·δ[n] over n).
func (s *Step) Share(v StepValue, at int) *Matrix {
	for l := range s.DataGradW {
		in, delta := s.layerInput(l).RowsView(at, at+1), s.errorSignal(l).RowsView(at, at+1) // [1 x size[l]], [1 x size[l+1]]
		switch v.M {
		case s.DataGradW[l]:
			share := NewMatrix(in.cols, delta.cols) // [size[l] x size[l+1]]
			MulTransAInto(share, in, delta)
			return share
		case s.GradB[l]:
			return delta
		}
	}
	return nil
}

// Votes returns every row's term of the data part of one parameter's gradient — row n's
// input[n][i]·δ[n][j] for the weight W[l][i][j] (post: np.dot(hidden_layer.T, output_error_signal) is the
// sum of these over n), δ[n][j] for the bias B[l][0][j] — and their sum, added as the step adds every sum
// over rows: each block of sumBlock rows in order, then the blocks' sums in order. That is the step's own
// order, so the sum is the data part to the last bit: the gradient is exactly every row's vote, added up.
func (s *Step) Votes(l, i, j int, bias bool) (terms []float64, sum float64) {
	in, delta := s.layerInput(l), s.errorSignal(l) // [N x size[l]], [N x size[l+1]]
	terms = make([]float64, delta.rows)
	for n := range terms {
		terms[n] = delta.At(n, j)
		if !bias {
			terms[n] = in.At(n, i) * delta.At(n, j)
		}
	}
	for lo := 0; lo < len(terms); lo += sumBlock {
		block := 0.0
		for _, v := range terms[lo:min(lo+sumBlock, len(terms))] {
			block += v
		}
		sum += block
	}
	return terms, sum
}

// RowValues returns the step's table as row at of its batch went through it: each tall value cut to that
// row (a [1 x cols] view), each whole one as it is, and after each gradient's data part and each bias
// gradient the row's share of it (Share). The live view's audit of a row shows them.
func (s *Step) RowValues(before, after *Network, at int) []StepValue {
	var vs []StepValue
	for _, v := range s.Values(before, after) {
		share := s.Share(v, at)
		if v.Rows {
			v.M = v.M.RowsView(at, at+1)
		}
		vs = append(vs, v)
		if share != nil {
			vs = append(vs, StepValue{Name: v.Name, Post: "this row's share of " + v.Name, Ours: "the same for this row alone: the step adds these up over its N rows",
				M: share, Units: v.Units})
		}
	}
	return vs
}

// ParamValues returns the lines of the step's table that make one parameter — the weight W[l][i][j]
// of before, or with bias the bias B[l][0][j] — each cut to that one entry: the parameter, its
// gradient's data part, for a weight the L2 part λ·W (and with -l1 the gradient so far, then the L1 part
// λ₁·sign(W)), the gradient, and, when after is not nil, the parameter after the update. The live
// view's audit of a weight or a unit shows them.
func (s *Step) ParamValues(before, after *Network, l, i, j int, bias bool, regLambda float64) []StepValue {
	mine := []*Matrix{before.W[l], s.DataGradW[l], s.GradW[l]} // the parameter's own values
	withL2 := s.GradW[l]                                       // the value the L2 part makes
	if s.L1Lambda != 0 {
		mine, withL2 = append(mine, s.GradWL2[l]), s.GradWL2[l]
	}
	if bias {
		i, mine = 0, []*Matrix{before.B[l], s.GradB[l]}
	}
	if after != nil {
		mine = append(mine, map[bool]*Matrix{false: after.W[l], true: after.B[l]}[bias])
	}
	one := func(v float64) *Matrix { return NewMatrixFrom(1, 1, []float64{v}) }
	var vs []StepValue
	for _, v := range s.Values(before, after) {
		if !slices.Contains(mine, v.M) {
			continue
		}
		switch v.M {
		case withL2: // gradient_layer1_weights += reg_lambda * layer1_weights_array: its L2 part first
			vs = append(vs, StepValue{Name: "L2", Post: "reg_lambda * " + postNames{}.weights(l), Ours: "λ·W: the L2 part, which pulls every weight towards 0",
				M: one(regLambda * before.W[l].At(i, j)), Units: -1})
		case s.GradW[l]: // with -l1: gradient_layer1_weights += l1_lambda * np.sign(layer1_weights_array), its L1 part first
			vs = append(vs, StepValue{Name: "L1", Post: "l1_lambda * np.sign(" + postNames{}.weights(l) + ")", Ours: "λ₁·sign(W): the L1 part, the same pull towards 0 for every weight not 0",
				M: one(s.L1Lambda * sign(before.W[l].At(i, j))), Units: -1})
		}
		v.M, v.Units = one(v.M.At(i, j)), -1
		vs = append(vs, v)
	}
	return vs
}

// activationLines say, for each -activation, how the step's table writes the hidden layer and its
// error signal: post and ours for the forward line, with %s for the activation's input (input_layer +
// layer1_biases_array); backPost for what follows the error signal's np.dot, with SIGNAL and HIDDEN for
// the two arrays' names; backOurs for what follows (δ above · Wᵀ), with HIDDEN for the hidden layer.
var activationLines = map[string]struct{ post, ours, backPost, backOurs string }{
	"relu":    {"relu_activation(%s)", "max(%s, 0)", "; SIGNAL[HIDDEN <= 0] = 0", " ⊙ 1(HIDDEN > 0), the mask applied in place"},
	"tanh":    {"np.tanh(%s)", "tanh(%s)", "; SIGNAL *= 1 - HIDDEN**2", " ⊙ (1 − HIDDEN²), tanh′ = 1 − tanh², applied in place"},
	"sigmoid": {"1 / (1 + np.exp(-(%s)))", "σ(%s) = 1/(1 + e^−z)", "; SIGNAL *= HIDDEN * (1 - HIDDEN)", " ⊙ HIDDEN·(1 − HIDDEN), σ′ = σ·(1 − σ), applied in place"},
	"linear":  {"%s", "%s, no activation", "", ", no activation's derivative to multiply by (it is 1)"},
}

// The post's names of the values that repeat, once per hidden layer or in several lines.
const (
	inputLayer   = "input_layer"
	hiddenLayer  = "hidden_layer"
	outputSignal = "output_error_signal"
)

// postNames names the values of a network with this many hidden layers as the post does.
type postNames struct{ layers int } // hidden layers

// weights and biases name layer l's parameters: layer1_weights_array, layer1_biases_array, ….
func (n postNames) weights(l int) string { return fmt.Sprintf("layer%d_weights_array", l+1) }
func (n postNames) biases(l int) string  { return fmt.Sprintf("layer%d_biases_array", l+1) }

// gradient names the gradient of layer l's weights or bias: gradient_layer1_weights, gradient_layer1_bias.
func (n postNames) gradient(l int, of string) string {
	return fmt.Sprintf("gradient_layer%d_%s", l+1, of)
}

// hidden is the name of hidden layer l's value: hidden_layer when there is one hidden layer, else
// hidden_layer1, hidden_layer2, ….
func (n postNames) hidden(prefix string, l int) string {
	if n.layers == 1 {
		return prefix
	}
	return fmt.Sprintf("%s%d", prefix, l+1)
}

// input names what layer l reads, in the post's numpy and in our Go.
func (n postNames) input(l int) (post, ours string) {
	if l == 0 {
		return "training_data", "X"
	}
	return n.hidden(hiddenLayer, l-1), fmt.Sprintf("Hidden[%d]", l-1)
}

// signal names δ at layer l's output: output_error_signal for the last layer, error_signal_hidden below.
func (n postNames) signal(l int) string {
	if l == n.layers {
		return outputSignal
	}
	return n.hidden("error_signal_hidden", l)
}

// ---------------------------------------------------------------------------------------------------
// The gradient check: backprop against finite differences.

// GradCheck is the outcome of comparing backprop's gradient with finite differences for one parameter
// array.
type GradCheck struct {
	Name      string  // the gradient's name in the step's table: gradient_layer1_weights, …
	Entries   int     // the array's entries; above maxGradChecks, an even sample of them is compared
	MaxRelErr float64 // the largest relative error over the array's checked entries
	Checked   int     // entries compared
	Skipped   int     // entries skipped because a nudge of ±h flips a ReLU, or with -l1 crosses a weight's 0 (a kink: no derivative there)
}

// maxGradChecks is the most entries of one array the gradient check compares: entries 0, k, 2k, … for
// the smallest k that keeps them under it. Each entry costs a few forward passes over the rows, so a wide
// layer (-hidden 1000: 2000 weights in W1) is sampled rather than checked for minutes.
const maxGradChecks = 100

// gradCheckSteps are the finite-difference steps h tried, largest first. The central difference
// D(h) = (L(θ+h) − L(θ−h))/2h has two errors: truncation, about h²·L‴/6, which wants h small; and
// rounding, about ε·|L|/h (ε ≈ 1e-16, times a little more for a loss summed over thousands of rows),
// which wants h large. At h = 1e-4 both stay near 1e-8 of a typical gradient, far below the 1e-6
// tolerance — unless L‴ is large: a weight reading large inputs, such as -features x1² of the post's
// unscaled data (up to about 60, and L‴ grows as the input cubed, through tanh or σ), gave 1.7e-5. So
// the check uses Richardson's extrapolation (4·D(h/2) − D(h))/3, in which the h² terms of the two
// differences cancel, leaving a truncation error of order h⁴, for a rounding error about 3 times D's
// (the same loss, measured twice as often): 1.8e-9 on that run, 1.7e-8 on the post's. A smaller h
// is used only when the larger one would push some row across a ReLU's kink.
var gradCheckSteps = []float64{1e-4, 1e-5, 1e-6}

// GradientCheck compares backprop's gradient of the full loss on x [N x D], y [N x K] — the GradW and
// GradB that Step.Run computes, from a step run on a copy of net — with the central difference
// (L(θ + h) − L(θ − h)) / 2h, extrapolated from h and h/2 (gradCheckSteps), one parameter θ at a time,
// and returns the largest relative error |backprop − numeric| / max(|backprop|, |numeric|, 1e-3) for
// each parameter array. (The floor 1e-3 keeps a gradient that is nearly 0 from turning the difference's
// own rounding into a large relative error; it makes the check absolute below 1e-3.)
//
// Kinks: ReLU has no derivative at 0 (-activation's others are smooth), and if a nudge of ±h moves
// some row's hidden unit across 0 the difference measures the kink, not the gradient. So for each
// parameter the largest h in gradCheckSteps that turns no ReLU on or off is used; a parameter for which
// even the smallest does is skipped and counted. -l1's |W| has a kink at W = 0 too: with λ₁ > 0 a weight
// within h of 0 is nudged by a smaller h, or skipped, the same way. Arrays are named, and their entries
// paired with their gradients, by the step's table (Step.Values). The network is left unchanged.
func GradientCheck(net *Network, x, y *Matrix, regLambda, l1Lambda float64) []GradCheck {
	s := NewStep(net.Sizes(), x.rows)
	s.X, s.Y = *x, *y
	s.Run(net.Clone(), Config{RegLambda: regLambda, L1Lambda: l1Lambda}, true) // the copy's update is thrown away
	pattern := kinkPattern(net, s.Hidden)

	p := NewPass(net.Sizes(), x.rows)
	p.X = *x
	// difference returns D(h) = (L(θ+h) − L(θ−h)) / 2h, and whether neither nudge crossed a kink.
	difference := func(theta *float64, orig, h float64) (d float64, ok bool) {
		*theta = orig + h
		lossPlus := net.Loss(p, y, regLambda, l1Lambda)
		samePlus := kinkPattern(net, p.Hidden) == pattern
		*theta = orig - h
		lossMinus := net.Loss(p, y, regLambda, l1Lambda)
		return (lossPlus - lossMinus) / (2 * h), samePlus && kinkPattern(net, p.Hidden) == pattern
	}
	// centralDifference returns (4·D(h/2) − D(h))/3 for the largest h whose nudges cross no kink.
	centralDifference := func(theta *float64, weight bool) (numeric float64, ok bool) {
		orig := *theta
		defer func() { *theta = orig }()
		for _, h := range gradCheckSteps {
			if weight && l1Lambda != 0 && math.Abs(orig) <= h { // θ ± h would cross |W|'s kink
				continue
			}
			dh, okH := difference(theta, orig, h)
			dHalf, okHalf := difference(theta, orig, h/2)
			if okH && okHalf {
				return (4*dHalf - dh) / 3, true
			}
		}
		return 0, false
	}
	var results []GradCheck
	for _, v := range s.Values(net, nil) {
		if v.Of == nil { // not a parameter's whole gradient
			continue
		}
		res := GradCheck{Name: v.Name, Entries: len(v.Of.data)}
		every := (len(v.Of.data) + maxGradChecks - 1) / maxGradChecks
		for i := 0; i < len(v.Of.data); i += every {
			numeric, ok := centralDifference(&v.Of.data[i], slices.Contains(net.W, v.Of))
			if !ok {
				res.Skipped++
				continue
			}
			analytic := v.M.data[i]
			relErr := math.Abs(analytic-numeric) / max(math.Abs(analytic), math.Abs(numeric), 1e-3)
			res.MaxRelErr = max(res.MaxRelErr, relErr)
			res.Checked++
		}
		results = append(results, res)
	}
	return results
}

// kinkPattern is reluPattern for a ReLU network and "" for the others: tanh, σ and the linear layer
// have a derivative everywhere, so no nudge crosses a kink.
func kinkPattern(net *Network, hidden []*Matrix) string {
	if net.activation() != "relu" {
		return ""
	}
	return reluPattern(hidden)
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

// ---------------------------------------------------------------------------------------------------
// The run: what training starts from, as the post's cells before its loop make it — the data, the
// split, the scaling, and the network's first weights.

// Setup holds what a run starts from, as the flags set it (main.go), with the post's values as
// defaults.
type Setup struct {
	seed         int64
	observations int
	hiddenText   string // -hidden as given: "5", "16,8"
	hidden       []int  // … and as parsed
	testSize     float64
	init         string          // how the weights are drawn: a key of Initializers
	activation   string          // the hidden layers' activation: one of Activations
	features     []string        // -features' inputs (FeatureCrosses' names); nil: the features as read
	preset       string          // a key of presets, or ""
	byPreset     map[string]bool // the flags the preset set
	dataset      string          // which made-up data: "post" (the default) or a key of Generators
	noise        float64         // the generator's noise; −1 for its own
	data         string          // a CSV file to train on instead of the post's clusters ("-": standard input)
	label        int             // the label's column in -data/-predict files, 1-based; 0 means the last
	standardize  bool            // z-score the features with the training rows' statistics
	train        Config
	stdin        io.Reader // what -data - and -predict - read
}

// presetNote is " (from -preset NAME)" when the preset set flag name, so that a message about it does not
// seem to be about a flag the user gave.
func (o *Setup) presetNote(name string) string {
	if o.byPreset[name] {
		return " (from -preset " + o.preset + ")"
	}
	return ""
}

// experiment is what a training run starts from, made from the options: the data, its split, the
// scaling, the network as drawn, and the training settings.
type experiment struct {
	all            *Dataset      // every example, features as read
	train, test    *Dataset      // the split; features standardized when -standardize asks
	rawTrain       *Dataset      // the training examples with their features as read, for the pictures
	rawTest        *Dataset      // the test examples with their features as read
	rawMeans       []float64     // each feature's mean over the training rows, as read
	inputs         []string      // -features' inputs, made from the raw features; nil: the features as read
	st             *Standardizer // nil unless -standardize
	net            *Network      // the network as drawn, before any step
	cfg            Config
	opts           Setup
	discardedDraws int // normal draws skipped between the data and the weights (the post's notebook's 50)
}

// newExperiment makes the data (the post's clusters, a teaching data set, or a CSV file), splits it as
// train_test_split does, standardizes it if asked, and draws the network's starting weights.
func newExperiment(opts Setup, warn func(string)) (*experiment, error) {
	ex := &experiment{cfg: opts.train, opts: opts}
	rng, err := ex.loadData(warn)
	if err != nil {
		return nil, err
	}
	train := ex.train
	if ex.cfg.Batch > train.X.rows {
		return nil, usagef("-batch %d%s is larger than the %d training rows; use at most %d, or 0 for all of them",
			ex.cfg.Batch, opts.presetNote("batch"), train.X.rows, train.X.rows)
	}
	if ex.cfg.Batch > 0 && ex.cfg.Batch < train.X.rows {
		ex.cfg.LossLabel = "Minibatch loss" // the loss printed is the one on that step's minibatch
	}
	rawTrain, rawTest := *train, *ex.test
	ex.rawTrain, ex.rawTest = &rawTrain, &rawTest
	means := SumRows(train.X) // [1 x D]
	ScaleInto(means, 1/float64(train.X.rows), means)
	ex.rawMeans = means.data
	if ex.inputs = opts.features; ex.inputs != nil {
		// -features: the derived inputs, from the raw features, before any standardization
		if d := train.X.cols; d != 2 {
			return nil, usagef("-features makes its inputs from two features, x1 and x2; %s has %d features: leave -features out, or give it data of two", ex.dataName(), d)
		}
		ex.train.X, ex.test.X = CrossFeatures(train.X, ex.inputs), CrossFeatures(ex.test.X, ex.inputs) // [N x F]
	}
	if opts.standardize {
		// z-scores with the training rows' statistics, for training and test rows alike
		ex.st = FitStandardizer(train.X)
		ex.train.X, ex.test.X = ex.st.Apply(train.X), ex.st.Apply(ex.test.X)
	}
	// layer1_weights_array = np.random.normal(0, 1, [num_features, hidden_nodes]), …
	sizes := append(append([]int{train.X.cols}, opts.hidden...), train.Y.cols)
	ex.net = NewNetwork(sizes, Initializers[opts.init](rng))
	ex.net.Activation = opts.activation
	return ex, nil
}

// loadData sets the whole data set and its training and test parts, and returns the random stream the
// weights are drawn from: the post's data (default), a teaching data set (-dataset) or a CSV file
// (-data). Made-up data are made only once their size and split have passed their checks.
func (ex *experiment) loadData(warn func(string)) (*RandomState, error) {
	o := ex.opts
	var all *Dataset
	var rows int
	if o.data != "" {
		var err error
		if all, err = readDataset(o.data, o.label-1, o.stdin); err != nil {
			return nil, err
		}
		rows = all.X.rows
		if err := o.checkMemory(rows, max(all.X.cols, len(o.features)), all.Y.cols); err != nil {
			return nil, err
		}
	} else {
		classes := len(postClusters)
		if o.dataset != "post" {
			classes = Generators[o.dataset].Classes
		}
		rows = classes * o.observations
		if err := o.checkMemory(rows, max(2, len(o.features)), classes); err != nil { // -features: up to 7 inputs
			return nil, err
		}
	}
	// train_test_split(features, labels_onehot, test_size=.1, random_state=12) uses a generator of its
	// own, so the split can be chosen (and checked) before the data exist.
	trainIdx, testIdx, err := TrainTestSplit(rows, o.testSize, uint32(o.seed))
	if err != nil {
		if o.data != "" {
			return nil, fmt.Errorf("%s has too few rows to split: %v", o.data, err)
		}
		return nil, usageError{err}
	}
	// np.random.seed(S), then the data, then the weights, from the one stream
	rng := NewRandomState(uint32(o.seed))
	switch gen, ok := Generators[o.dataset]; {
	case all != nil: // read from the file
	case ok:
		noise := o.noise
		if noise < 0 {
			noise = gen.Noise
		}
		all = gen.Make(rng, o.observations, noise)
	default:
		all = PostData(rng, o.observations, warn)
		ex.discardedDraws = discardedWeightDraws // the weights come after the draws the post's notebook discarded
		for i := 0; i < ex.discardedDraws; i++ {
			rng.NormFloat64()
		}
	}
	ex.all, ex.train, ex.test = all, all.Subset(trainIdx), all.Subset(testIdx)
	return rng, nil
}

// dataName names the data in a message: the -data file, or the -dataset.
func (ex *experiment) dataName() string {
	if ex.opts.data != "" {
		return ex.opts.data
	}
	return "-dataset " + ex.opts.dataset
}

// inputNames are the names of the network's inputs: -features' list, or the data's features.
func (ex *experiment) inputNames() []string {
	if ex.inputs != nil {
		return ex.inputs
	}
	return ex.all.Features
}

// onPlane returns the network the pictures run over the plane's points (planeGrid): net.OnPlane's
// network of two inputs, or with -features net itself, which planeGrid feeds each point's inputs.
func (ex *experiment) onPlane(net *Network, p plane) *Network {
	if ex.inputs != nil {
		return net
	}
	return net.OnPlane(p.i, p.j, ex.rawMeans, ex.st)
}

// readDataset reads a CSV data set; labelCol is 0-based, −1 for the last column.
func readDataset(path string, labelCol int, stdin io.Reader) (*Dataset, error) {
	t, err := readTableFile(path, stdin)
	if err != nil {
		return nil, err
	}
	return ParseDataset(t, labelCol)
}

// divergenceHint says what most likely makes training diverge, if it does: a λ so large that the L2
// part alone blows the weights up (each step multiplies them by 1 − lr·λ, which grows them when
// lr·λ > 2, and ½·λ·ΣW² may overflow at once); features too large for unscaled training; or, as in most
// cases, a learning rate too large.
func (ex *experiment) divergenceHint() string {
	lr, reg := ex.cfg.LearningRate, ex.cfg.RegLambda
	if lr*reg > 2 && reg >= 1 || notFinite(ex.net.L2Loss(reg)) {
		return fmt.Sprintf("-reg %v is too large for -lr %v: the L2 part alone multiplies the weights by 1 − lr·λ each step, which grows them when lr·λ > 2 (try a -reg well below %v, or a smaller -lr)", reg, lr, 2/lr)
	}
	largest := 0.0
	for _, v := range ex.train.X.data {
		largest = max(largest, math.Abs(v))
	}
	if largest > 1e6 && ex.st == nil {
		return fmt.Sprintf("the features reach %.3g: scale them with -standardize (or try a smaller -lr, now %v)", largest, lr)
	}
	return fmt.Sprintf("try a smaller -lr (now %v)", lr)
}

// checkMemory refuses a run on rows examples of this many features and classes that would need more
// memory than the machine has (runMemory, against checkMemory's limit), naming the sizes that drive it.
func (o *Setup) checkMemory(rows, features, classes int) error {
	test := int(math.Ceil(o.testSize * float64(rows)))
	batch := rows - test
	if o.train.Batch > 0 && o.train.Batch < batch {
		batch = o.train.Batch
	}
	recorded := 0
	if o.train.RecordLoss {
		recorded = o.train.Steps
	}
	need := runMemory(rows, rows-test, batch, features, classes, o.hidden, recorded)
	what := fmt.Sprintf("this run (%d examples, %d features, hidden layers %s, %d rows a step)", rows, features, o.hiddenText, batch)
	if err := checkMemory(what, need); err != nil {
		return fmt.Errorf("%v: use fewer examples (-observations, or a smaller file), a smaller -batch or smaller -hidden layers", err)
	}
	return nil
}

// ===================================================================================================
// Tools built on the step. A first reading can stop here: what follows looks at the step — checks a
// learner's own port of it, and draws it — and computes nothing the step does not.
// ===================================================================================================

// ---------------------------------------------------------------------------------------------------
// Checking a port of the post, value by value.
//
// A learner who writes the post's loop in numpy adds one line to it, after the two
// `gradient_… += reg_lambda * …` lines and before the four updates, so that the weights in scope are
// still the ones the step started from:
//
//	if step == 0: np.savez("mine.npz", step=step, **{k: v for k, v in locals().items() if isinstance(v, np.ndarray)})
//
// and -check compares that file (ReadArrays, data.go) with this program's run, in three parts:
//
//  1. The step's inputs — training_data, training_labels and the weights and biases the step starts
//     from — against our run at that step, each with the likely reason when it differs in a way we
//     recognise (inputDiagnoses).
//  2. The step replayed on the learner's own inputs by Step.Run, the function training runs, and every
//     value it computes compared with the learner's, in the post's order. So a port whose inputs differ
//     is still judged on its arithmetic.
//  3. For the first computed value that differs, the slips of portSlips: each computes, from our replayed
//     step, what a port with that one mistake has for the value. The slip that gives the learner's value
//     names the mistake.

// portTolerance is how close a port's array must be to ours to match: max |yours − ours| ≤
// portTolerance · max(1, max |ours|), array by array (portRule says it in words). numpy's BLAS adds up
// its sums in its own order, so a faithful port differs from ours in the last bits: on numpy's own runs
// of the post's code (steps 0, 1, 1000 and 5000, on 10, 50 and 5000 points a class) the left side was at
// most 1.4e-15 of max(1, max |ours|), 700 times inside. The rule is absolute for arrays of small numbers
// (the error signal is at most 1/N) because a relative one is useless there: (p − y)/N cancels where p is
// near 1, and a faithful port then differs by 10⁻¹⁰ of itself. Every slip below changes a value by far
// more: the smallest, features kept as float64, by 10⁻⁸ of it.
const portTolerance = 1e-12

// portRule is the tolerance in words, for -h and the report.
var portRule = fmt.Sprintf("an array matches when max |yours − ours| ≤ %g · max(1, max |ours|)", portTolerance)

// PortRun is the run a learner's port follows, as it starts: what -check compares the port's file with.
type PortRun struct {
	Net       *Network // the weights as drawn, before step 0; CheckPort trains it to the file's step
	X, Y      *Matrix  // the training rows [N x D] and their one-hot labels [N x K]
	Cfg       Config
	Discarded int          // normal draws our run discards between the data and the weights (the post's notebook's 50)
	Draws     []WeightDraw // the weights drawn after other numbers of discarded draws, to tell a port's apart
}

// WeightDraw is the starting network numpy draws when Discarded normal draws come between the data and the
// weights cell (the post's notebook ran that cell three times: 50 discarded, for its 2·5 + 5·3 weights).
type WeightDraw struct {
	Discarded int
	Net       *Network
}

// PortReport is what CheckPort found: the lines to print, in order, the step it compared, and the first
// value that differs from ours — inputs first, then in the post's order — or "" when none does.
type PortReport struct {
	Lines []string
	Step  int
	First string
}

// Verdict is the report's last line: "first difference: NAME", or "no difference: every value matches
// the post's run at step S".
func (r *PortReport) Verdict() string {
	if r.First == "" {
		return fmt.Sprintf("no difference: every value matches the post's run at step %d", r.Step)
	}
	return "first difference: " + r.First
}

// PortFileError is a file -check cannot use: a step that is not a whole number, or none of the step's
// values in it.
type PortFileError struct{ msg string }

func (e *PortFileError) Error() string { return e.msg }

// CheckPort compares the arrays a port of the post saved (theirs, read from path) with our run at the
// file's step — its array step, 0 when there is none — in the three parts above, and returns the report.
// It trains run.Net to that step and through it (printing nothing). Names it does not know are listed
// once as ignored, except those that start with _ (IPython's output cache: _, __, _5, …); names that are
// absent are skipped. It returns a *PortFileError for a file it cannot use, and a *DivergedError when our
// run stops being finite before the step.
func CheckPort(path string, theirs []*Array, run PortRun, maxStep int) (*PortReport, error) {
	c := &portCheck{theirs: map[string]*Array{}, use: map[*Matrix]*Matrix{}}
	for _, a := range theirs {
		c.theirs[a.Name] = a
	}
	step, err := portStep(path, c.theirs["step"], maxStep)
	if err != nil {
		return nil, err
	}
	c.Step = step
	var names, ignored []string
	known := map[string]bool{}
	for _, v := range portValues(NewStep(run.Net.Sizes(), 1), run.Net) { // a step of one row: only the names are read
		names, known[v.Name] = append(names, v.Name), true
	}
	compared := 0
	for _, a := range theirs {
		switch {
		case known[a.Name]:
			compared++
		case a.Name != "step" && !strings.HasPrefix(a.Name, "_"):
			ignored = append(ignored, a.Name)
		}
	}
	if compared == 0 {
		return nil, &PortFileError{fmt.Sprintf("%s holds none of the step's values (%s); save them with np.savez, every ndarray in scope (see the README's line)", path, shortList(names, 6))}
	}

	// Our run, to the file's step and through it.
	t := NewTrainer(run.Net, run.X, run.Y, run.Cfg)
	for t.Done < step {
		if err := t.Next(false); err != nil {
			return nil, err
		}
	}
	start := run.Net.Clone()
	if err := t.Next(true); err != nil {
		return nil, err
	}
	c.add("Tolerance: %s, array by array; in brackets, max |yours − ours| / max(1, max |ours|).", portRule)
	if len(ignored) > 0 {
		c.add("Ignoring %s: not values of the step.", shortList(ignored, 12))
	}
	c.in = &portInputs{run: run, step: step, s: t.S, before: start, after: run.Net, table: t.S.Values(start, run.Net)}
	c.inputs()
	c.replay()
	return &c.PortReport, nil
}

// portCheck is one run of CheckPort: the report it writes, your arrays by name, and what it has learnt
// of your inputs.
type portCheck struct {
	PortReport
	theirs   map[string]*Array
	in       *portInputs
	use      map[*Matrix]*Matrix // for each of our inputs, what the replay runs on: yours, or ours
	absent   []string            // values not in your file
	oursFor  []string            // inputs the replay takes from ours: absent, unusable, or chosen by a diagnosis
	unusable []string            // inputs of yours whose shape the replay cannot run on
}

// inputs is part 1: each of the step's inputs against ours as the step starts, the likely reason when
// one differs, and what the replay runs on.
func (c *portCheck) inputs() {
	c.add("")
	c.add("The step's inputs, against the post's run as step %d starts:", c.Step)
	for _, v := range portValues(c.in.s, c.in.before) {
		a := c.theirs[v.Name]
		switch {
		case !v.input:
			continue
		case a == nil:
			c.use[v.M], c.absent, c.oursFor = v.M, append(c.absent, v.Name), append(c.oursFor, v.Name)
			continue
		}
		c.use[v.M] = c.in.usable(v, a)
		d := portCompare(a, asArray(v.M))
		c.value(v.Name, d.describe(a, asArray(v.M)))
		if !d.matches() {
			c.first(v.Name)
			for _, diagnose := range inputDiagnoses {
				if why, with := diagnose.see(c.in, v, a); why != "" {
					c.add("      %s", why)
					if with != nil {
						c.use[v.M] = with
					}
					break
				}
			}
		}
		if c.use[v.M] == v.M {
			c.oursFor = append(c.oursFor, v.Name)
			if !d.matches() && c.in.usable(v, a) == v.M { // not chosen by a diagnosis: yours has a shape the step cannot take
				c.unusable = append(c.unusable, v.Name)
			}
		}
	}
}

// replay is parts 2 and 3: the step replayed by Step.Run on the inputs chosen, every value it computes
// against yours, and what the first that differs tells.
func (c *portCheck) replay() {
	s := c.in.s
	x, y := c.use[&s.X], c.use[&s.Y]
	if x.rows != y.rows {
		c.add("      (your training_data has %d rows and your training_labels %d: the replay uses ours for both)", x.rows, y.rows)
		x, y = &s.X, &s.Y
		for _, name := range []string{"training_data", "training_labels"} {
			if !slices.Contains(c.unusable, name) {
				c.unusable = append(c.unusable, name)
			}
		}
	}
	net := &Network{}
	for l := range c.in.before.W {
		net.W, net.B = append(net.W, c.use[c.in.before.W[l]]), append(net.B, c.use[c.in.before.B[l]])
	}
	rs := NewStep(net.Sizes(), x.rows)
	rs.X, rs.Y = *x, *y
	rs.Run(net.Clone(), c.in.run.Cfg, true) // the copy's update is not looked at

	on := ""
	if len(c.oursFor) > 0 {
		on = " (ours for " + shortList(c.oursFor, 6) + ")"
	}
	c.add("")
	c.add("The step replayed by Step.Run, the function training runs, on your inputs%s, value by value in the post's order:", on)
	var slipped *portValue
	for _, v := range portValues(rs, net) {
		a := c.theirs[v.Name]
		switch {
		case v.input:
			continue
		case a == nil:
			c.absent = append(c.absent, v.Name)
			continue
		}
		d := portCompare(a, asArray(v.M))
		c.value(v.Name, d.describe(a, asArray(v.M)))
		if !d.matches() && slipped == nil {
			c.first(v.Name)
			slipped = &v
		}
	}
	if len(c.absent) > 0 {
		c.add("Not in your file, so not compared: %s.", shortList(c.absent, 8))
	}
	switch {
	case slipped != nil && len(c.unusable) > 0: // then ours is computed from other inputs than yours
		c.add("")
		c.add("Why %s differs: the replay could not run on your %s (see above), and your values are computed from them. Fix those first.",
			slipped.Name, shortList(c.unusable, 6))
	case slipped != nil:
		c.explainSlip(replayed{rs, net, c.in.run.Cfg}, *slipped, c.theirs[slipped.Name])
	}
}

// portStep reads the step a port's file was saved at from its array step (np.savez's step=step saves a
// 0-d array; the JSON form a number): 0 when the file has none.
func portStep(path string, a *Array, maxStep int) (int, error) {
	if a == nil {
		return 0, nil
	}
	if len(a.Data) != 1 {
		return 0, &PortFileError{fmt.Sprintf("%s: step has shape %s; want one number, the loop's step (np.savez(…, step=step, …) saves it as a 0-d array)", path, pyShape(a.Shape))}
	}
	if v := a.Data[0]; v != math.Trunc(v) || v < 0 || v > float64(maxStep) {
		return 0, &PortFileError{fmt.Sprintf("%s: step is %s; want a whole number from 0 to %d", path, formatFloat(v), maxStep)}
	}
	return int(a.Data[0]), nil
}

// add appends a line to the report.
func (r *PortReport) add(format string, a ...any) {
	r.Lines = append(r.Lines, fmt.Sprintf(format, a...))
}

// value appends a value's line: its name, then how it compares.
func (r *PortReport) value(name, how string) { r.add("  %-24s %s", name, how) }

// first records name as the first difference, unless one came before it.
func (r *PortReport) first(name string) {
	if r.First == "" {
		r.First = name
	}
}

// portValue is one value -check compares: a line of the step's table as it stands at the save line.
type portValue struct {
	StepValue
	lines []string // the post's lines that make it: one, or for a weight gradient two (the product, then += its L2 part)
	ours  []string // our Go for each of them
	input bool     // one of the step's inputs, which the step reads and does not compute
}

// portValues returns the values of the step s, started from the network before, that a port's file can
// hold, in the post's order: the inputs, then each computed value once, as it stands at the save line —
// so a weight gradient with its L2 part, in the place of its data part — and no loss (the post's loss is
// a numpy float, which the save line's isinstance(v, np.ndarray) leaves out).
func portValues(s *Step, before *Network) []portValue {
	vs := s.Values(before, nil)
	withL2 := map[*Matrix]StepValue{} // each weight gradient's L2 line, by its data part
	for _, v := range vs {
		if l := slices.Index(s.GradW, v.M); l >= 0 {
			withL2[s.DataGradW[l]] = v
		}
	}
	var out []portValue
	for _, v := range vs {
		if v.Units < 0 || slices.Contains(s.GradW, v.M) { // a loss; an L2 line, placed with its data part
			continue
		}
		p := portValue{StepValue: v, lines: []string{v.Post}, ours: []string{v.Ours},
			input: v.M == &s.X || v.M == &s.Y || slices.Contains(before.W, v.M) || slices.Contains(before.B, v.M)}
		if w, ok := withL2[v.M]; ok {
			p.M, p.Of, p.lines, p.ours = w.M, w.Of, append(p.lines, w.Post), append(p.ours, w.Ours)
		}
		out = append(out, p)
	}
	return out
}

// asArray is m as numpy shapes it, (rows, cols), sharing its numbers.
func asArray(m *Matrix) *Array { return &Array{Shape: []int{m.rows, m.cols}, Data: m.data} }

// flat is m's numbers as a 1-d array (numpy: what np.sum(…, axis = 0) leaves without keepdims).
func flat(m *Matrix) *Array { return &Array{Shape: []int{len(m.data)}, Data: m.data} }

// portDiff is how a port's array compares with ours.
type portDiff struct {
	shape   bool    // the shapes differ (and nothing else was compared)
	entries int     // entries beyond the tolerance; a NaN where ours is a number is one
	first   int     // the first of them, in numpy's (row-major) order
	scaled  float64 // max |yours − ours| / max(1, max |ours|)
}

// portCompare compares yours with ours by the rule of portTolerance.
func portCompare(yours, ours *Array) portDiff {
	if !slices.Equal(yours.Shape, ours.Shape) {
		return portDiff{shape: true}
	}
	scale := 1.0
	for _, o := range ours.Data {
		if a := math.Abs(o); a > scale && !math.IsInf(a, 0) {
			scale = a
		}
	}
	d := portDiff{first: -1}
	for i, o := range ours.Data {
		diff := math.Abs(yours.Data[i] - o)
		if yours.Data[i] == o || math.IsNaN(yours.Data[i]) && math.IsNaN(o) {
			diff = 0
		}
		d.scaled = max(d.scaled, diff/scale)
		if !(diff <= portTolerance*scale) {
			if d.entries++; d.first < 0 {
				d.first = i
			}
		}
	}
	return d
}

// matches reports whether the arrays agree within the tolerance.
func (d portDiff) matches() bool { return !d.shape && d.entries == 0 }

// describe is the comparison in a few words: "matches (2.2e-16)", or how yours differs from ours.
func (d portDiff) describe(yours, ours *Array) string {
	switch {
	case d.shape:
		return fmt.Sprintf("differs: its shape is %s; ours is %s", pyShape(yours.Shape), pyShape(ours.Shape))
	case d.entries > 0:
		return fmt.Sprintf("differs at %d of %d entries; the first, %s: yours %s, ours %s", d.entries, len(ours.Data),
			npIndex(d.first, ours.Shape), formatFloat(yours.Data[d.first]), formatFloat(ours.Data[d.first]))
	case d.scaled == 0:
		return "matches exactly"
	}
	return fmt.Sprintf("matches (%.2g)", d.scaled)
}

// npIndex writes the flat index i of an array of this shape as numpy indexes it: [3, 1].
func npIndex(i int, shape []int) string {
	parts := make([]string, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		parts[k] = fmt.Sprint(i % shape[k])
		i /= shape[k]
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// ---------------------------------------------------------------------------------------------------
// The inputs: how a port's can differ from ours, and what the replay then runs on.

// portInputs is what the input diagnoses look at: our step and what is known about it.
type portInputs struct {
	run    PortRun
	step   int
	s      *Step       // our step, run
	before *Network    // our weights and biases as it starts
	after  *Network    // … and after its update
	table  []StepValue // its table, with the update's lines
	perm   []int       // when your training_data is ours in another order: your row i is our row perm[i]
}

// param returns which layer's weights (or, with bias, biases) our input m is, or l = −1.
func (c *portInputs) param(m *Matrix) (l int, bias bool) {
	if l := slices.Index(c.before.B, m); l >= 0 {
		return l, true
	}
	return slices.Index(c.before.W, m), false
}

// usable returns your input a as the matrix the replay runs on when it can (ours has its shape, or for
// training_data and training_labels its columns; numpy broadcasts a 1-d bias as a row), else ours.
func (c *portInputs) usable(v portValue, a *Array) *Matrix {
	rows, cols := v.M.Dims()
	_, bias := c.param(v.M)
	switch {
	case slices.Equal(a.Shape, []int{rows, cols}),
		v.Rows && len(a.Shape) == 2 && a.Shape[0] > 0 && a.Shape[1] == cols,
		bias && slices.Equal(a.Shape, []int{cols}):
		return NewMatrixFrom(len(a.Data)/cols, cols, a.Data)
	}
	return v.M
}

// inputDiagnosis is one way a port's input is known to differ from ours: see says why in words a learner
// can act on ("" when it is not this), and may choose what the replay runs on instead of yours (nil:
// CheckPort's choice, yours when its shape allows).
type inputDiagnosis struct {
	name string
	see  func(c *portInputs, v portValue, yours *Array) (why string, replayWith *Matrix)
}

// inputDiagnoses are tried in order on an input that differs; the first that recognises it is said.
var inputDiagnoses = []inputDiagnosis{
	{"features as float64", func(c *portInputs, v portValue, a *Array) (string, *Matrix) {
		if v.M != &c.s.X || !slices.Equal(a.Shape, asArray(v.M).Shape) {
			return "", nil
		}
		for i, x := range a.Data {
			if float64(float32(x)) != v.M.data[i] {
				return "", nil
			}
		}
		return "rounded to float32, yours are ours exactly: the post's features are float32 (its data cell ends with .astype(np.float32)), yours are not. " +
			"Every value after differs by about 1e-8 of itself; the replay below runs on yours.", nil
	}},
	{"rows in another order", func(c *portInputs, v portValue, a *Array) (string, *Matrix) {
		if !slices.Equal(a.Shape, asArray(v.M).Shape) {
			return "", nil
		}
		if v.M == &c.s.Y && c.perm != nil {
			for i, p := range c.perm {
				if !slices.Equal(a.Data[i*v.M.cols:(i+1)*v.M.cols], v.M.Row(p)) {
					return "", nil
				}
			}
			return "the same labels, in the same other order as your training_data's rows, row for row.", nil
		}
		if v.M != &c.s.X {
			return "", nil
		}
		rounded := ""
		if c.perm = rowOrder(a.Data, v.M, false); c.perm == nil {
			if c.perm, rounded = rowOrder(a.Data, v.M, true), " (once yours are rounded to float32, as the post's are)"; c.perm == nil {
				return "", nil
			}
		}
		return fmt.Sprintf("the same %d rows in another order%s: your row 0 is our row %d, your row 1 our row %d, and so on. "+
			"The post's rows are in the order train_test_split shuffles them into (random_state = the seed); the replay runs on yours, in your order.",
			v.M.rows, rounded, c.perm[0], c.perm[min(1, len(c.perm)-1)]), nil
	}},
	{"class numbers", func(c *portInputs, v portValue, a *Array) (string, *Matrix) {
		n, k := v.M.Dims()
		if v.M != &c.s.Y || !slices.Equal(a.Shape, []int{n}) && !slices.Equal(a.Shape, []int{n, 1}) {
			return "", nil
		}
		classes := ArgmaxRows(v.M) // np.argmax(training_labels, axis = 1)
		if c.perm != nil {
			for i, p := range c.perm {
				classes[i] = ArgmaxRows(v.M.RowsView(p, p+1))[0]
			}
		}
		oneHot := NewMatrix(n, k)
		for i, x := range a.Data {
			if x != float64(classes[i]) {
				return "", nil
			}
			oneHot.Set(i, classes[i], 1)
		}
		return fmt.Sprintf("yours are class numbers, 0 to %d, one per row — our one-hot rows' classes — where the post's labels are one-hot (labels_onehot): "+
			"the replay makes yours one-hot.", k-1), oneHot
	}},
	{"after the update", func(c *portInputs, v portValue, a *Array) (string, *Matrix) {
		l, bias := c.param(v.M)
		if l < 0 {
			return "", nil
		}
		after := c.after.W[l]
		if bias {
			after = c.after.B[l]
		}
		if !portCompare(a, asArray(after)).matches() {
			return "", nil
		}
		return fmt.Sprintf("yours equals ours after this step's update (the post: %s): the save line must come before the four update lines, "+
			"with no update before it. The replay uses ours, as the step starts.", postLine(c.table, after)), v.M
	}},
	{"weights cell", func(c *portInputs, v portValue, a *Array) (string, *Matrix) {
		l, bias := c.param(v.M)
		if l < 0 || bias || c.step != 0 {
			return "", nil
		}
		for _, d := range c.run.Draws {
			if !portCompare(a, asArray(d.Net.W[l])).matches() {
				continue
			}
			cell, before := 0, 0 // the normals one run of the weights cell draws; those before this layer's
			for k, w := range d.Net.W {
				if k < l {
					before += len(w.data)
				}
				cell += len(w.data)
			}
			fix := fmt.Sprintf("discard %d more before your weights cell: np.random.normal(0, 1, %d)", c.run.Discarded-d.Discarded, c.run.Discarded-d.Discarded)
			if d.Discarded > c.run.Discarded {
				fix = "run your weights cell fewer times"
			}
			size := len(v.M.data)
			return fmt.Sprintf("these are numpy's normal draws %d to %d after the data: the weights cell's when %d draws come before it "+
				"(the cell run %s in all). Ours are draws %d to %d: this program discards %d draws, as the post's notebook did by running "+
				"its weights cell (25 draws) twice before the one it trained (README: the weights the post trained are the third set it drew). "+
				"To follow it, %s.",
				d.Discarded+before+1, d.Discarded+before+size, d.Discarded, times(d.Discarded/cell+1),
				c.run.Discarded+before+1, c.run.Discarded+before+size, c.run.Discarded, fix), nil
		}
		return "", nil
	}},
	{"shape", func(c *portInputs, v portValue, a *Array) (string, *Matrix) {
		rows, cols := v.M.Dims()
		l, bias := c.param(v.M)
		switch {
		case slices.Equal(a.Shape, []int{rows, cols}):
			return "", nil
		case slices.Equal(a.Shape, []int{cols, rows}) && portCompare(a, asArray(v.M.T())).matches():
			return "yours is ours transposed: the post's arrays have one row per example, and its weights are [inputs x units].", nil
		case bias && slices.Equal(a.Shape, []int{cols}):
			return fmt.Sprintf("a 1-d array, where the post's biases are (1, %d) (np.zeros((1, n))); numpy broadcasts both alike, so the replay uses yours as (1, %d).", cols, cols), nil
		case v.Rows && len(a.Shape) > 0 && a.Shape[0] != rows:
			return fmt.Sprintf("%d rows, where this run's step has %d: run -check with the flags of the run your port follows "+
				"(-observations is num_observations, -test-size test_size, -batch the rows of a minibatch).", a.Shape[0], rows), nil
		case bias && len(a.Shape) == 2 && a.Shape[0] == 1:
			return fmt.Sprintf("a layer of %d units where this run's has %d: give -hidden your port's hidden layer sizes (hidden_nodes).", a.Shape[1], cols), nil
		case l >= 0 && !bias && len(a.Shape) == 2:
			return fmt.Sprintf("a layer of %d → %d units where this run's is %d → %d: give -hidden your port's hidden layer sizes (hidden_nodes).",
				a.Shape[0], a.Shape[1], rows, cols), nil
		}
		return "", nil
	}},
}

// times says how many times: once, twice, 3 times.
func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

// rowOrder returns perm such that row i of yours (the numbers of an [N x D] array) is row perm[i] of
// ours, when yours holds the same rows in another order (with round, once yours are rounded to
// float32); else nil.
func rowOrder(yours []float64, ours *Matrix, round bool) []int {
	at := map[string][]int{} // our rows by their numbers
	for i := 0; i < ours.rows; i++ {
		key := fmt.Sprint(ours.Row(i))
		at[key] = append(at[key], i)
	}
	perm := make([]int, ours.rows)
	for i := range perm {
		row := slices.Clone(yours[i*ours.cols : (i+1)*ours.cols])
		for j := range row {
			if round {
				row[j] = float64(float32(row[j]))
			}
		}
		key := fmt.Sprint(row)
		if len(at[key]) == 0 {
			return nil
		}
		perm[i], at[key] = at[key][0], at[key][1:]
	}
	return perm
}

// postLine returns the post's line in the table that makes m.
func postLine(table []StepValue, m *Matrix) string {
	for _, v := range table {
		if v.M == m {
			return v.Post
		}
	}
	return ""
}

// ---------------------------------------------------------------------------------------------------
// The slips: what learners get wrong when they port the post, each as the value it gives.

// replayed is our step replayed on a port's inputs: its values, the network it started from, and its
// settings. Each slip computes from it.
type replayed struct {
	s   *Step
	net *Network
	cfg Config
}

// portSlip is one mistake learners make when they port the post. try computes, from our replayed step,
// the value v as a port with that one mistake has it, and says what the port did, in words a learner
// can act on, to follow "yours equals ours with …"; it returns nil when the slip does not make v. The
// post's line it gets wrong is v's own, from the step's table (v.lines), which the report shows under it.
type portSlip struct {
	name string
	try  func(r replayed, v portValue) (yours *Array, did string)
}

// portSlips are the slips -check knows, in the post's order of the values they change. The comments name
// where learners report each.
var portSlips = []portSlip{
	// hidden_layer: the activation forgotten (Grokking Deep Learning's layer_1 for relu(layer_1)).
	{"hidden layer without the ReLU", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.Hidden, v.M)
		if l < 0 {
			return nil, ""
		}
		n := postNames{layers: len(r.s.Hidden)}
		return asArray(AddRowVector(r.s.InputLayer[l], r.net.B[l])), // input_layer + b, no max(…, 0)
			fmt.Sprintf("%s without the ReLU: %s + %s, where the post applies relu_activation to it", v.Name, n.hidden(inputLayer, l), n.biases(l))
	}},
	// output_layer: a layer's bias left out (invisible while the biases are still 0, at step 0).
	{"output layer without its bias", func(r replayed, v portValue) (*Array, string) {
		if v.M != r.s.OutputLayer {
			return nil, ""
		}
		last := len(r.net.W) - 1
		return asArray(Mul(r.s.layerInput(last), r.net.W[last])), // no + b
			fmt.Sprintf("output_layer without its bias: %s is never added", (postNames{}).biases(last))
	}},
	// output_probs: the softmax written for one column per example (Andrew Ng's course), axis = 0.
	{"softmax over axis 0", func(r replayed, v portValue) (*Array, string) {
		if v.M != r.s.OutputProbs {
			return nil, ""
		}
		e := Apply(math.Exp, r.s.OutputLayer) // [N x K]
		sums := SumRows(e)                    // [1 x K]: each class summed over the rows
		for i := 0; i < e.rows; i++ {
			for j, s := range sums.data {
				e.Set(i, j, e.At(i, j)/s)
			}
		}
		return asArray(e), "the softmax normalized over axis 0, so that each column sums to 1 over the examples: " +
			"the post's softmax divides each row by its own sum, np.sum(logits_exp, axis = 1, keepdims = True)"
	}},
	// output_probs: the one-example softmax kept for a batch (Deep Learning from Scratch, issue 85).
	{"softmax over the whole matrix", func(r replayed, v portValue) (*Array, string) {
		if v.M != r.s.OutputProbs {
			return nil, ""
		}
		e := Apply(math.Exp, r.s.OutputLayer) // [N x K]
		DivScalarInto(e, e, e.Sum())
		return asArray(e), "the softmax normalized over the whole matrix (np.sum with no axis), so that all N·K probabilities sum to 1: " +
			"the post divides each row by its own sum, axis = 1"
	}},
	// output_error_signal: the mean's 1/N forgotten (nn_assignments, ILearnDeepLearning.py).
	{"error signal not divided by N", func(r replayed, v portValue) (*Array, string) {
		if v.M != r.s.OutputErrorSignal {
			return nil, ""
		}
		return asArray(Sub(r.s.OutputProbs, &r.s.Y)), // (p − y), not (p − y) / N
			fmt.Sprintf("the output error signal not divided by N = %d: the post divides by output_probs.shape[0], the number of rows, "+
				"because its loss is the mean over the rows", r.s.Y.rows)
	}},
	// output_error_signal: m = shape[1], from code with one column per example.
	{"error signal divided by K", func(r replayed, v portValue) (*Array, string) {
		if v.M != r.s.OutputErrorSignal {
			return nil, ""
		}
		d := Sub(r.s.OutputProbs, &r.s.Y)
		DivScalarInto(d, d, float64(d.cols)) // (p − y) / K
		return asArray(d), fmt.Sprintf("the output error signal divided by the number of classes, K = %d (output_probs.shape[1]), "+
			"where the post divides by the number of rows, N = %d (output_probs.shape[0])", d.cols, d.rows)
	}},
	// output_error_signal: y − ŷ (nn-from-scratch's text writes δ3 that way).
	{"error signal with its sign flipped", func(r replayed, v portValue) (*Array, string) {
		if v.M != r.s.OutputErrorSignal {
			return nil, ""
		}
		d := Sub(&r.s.Y, r.s.OutputProbs)
		DivScalarInto(d, d, float64(d.rows)) // (y − p) / N
		return asArray(d), "the sign flipped: training_labels − output_probs, where the post's error signal, the loss's derivative, " +
			"is output_probs − training_labels (the update then subtracts it)"
	}},
	// error_signal_hidden: the mask tested with < 0, which no ReLU output is (Grokking Deep Learning).
	{"nothing masked", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.ErrorSignalHidden, v.M)
		if l < 0 {
			return nil, ""
		}
		d := NewMatrix(v.M.Dims())
		MulTransBInto(d, r.s.errorSignal(l+1), r.net.W[l+1]) // δ·Wᵀ, and no mask
		return asArray(d), fmt.Sprintf("nothing masked: the ReLU's mask lets every entry through, as a test with < 0 does "+
			"(no entry of %s is below 0): the post zeroes the entries where it is <= 0", postNames{len(r.s.Hidden)}.hidden(hiddenLayer, l))
	}},
	// error_signal_hidden: the derivative taken before the bias (Grokking Deep Learning, issue 56).
	{"mask from input_layer", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.ErrorSignalHidden, v.M)
		if l < 0 {
			return nil, ""
		}
		d := NewMatrix(v.M.Dims())
		MulTransBInto(d, r.s.errorSignal(l+1), r.net.W[l+1])
		ReLUBackwardInto(d, d, r.s.InputLayer[l]) // ⊙ 1(input_layer > 0), before the bias
		n := postNames{len(r.s.Hidden)}
		return asArray(d), fmt.Sprintf("the ReLU's mask taken from %s, before the bias is added: the post masks where %s <= 0",
			n.hidden(inputLayer, l), n.hidden(hiddenLayer, l))
	}},
	// error_signal_hidden: δ·W for δ·Wᵀ, which numpy runs only when the two layers have as many units.
	{"weights not transposed", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.ErrorSignalHidden, v.M)
		if l < 0 || r.net.W[l+1].rows != r.net.W[l+1].cols {
			return nil, ""
		}
		d := Mul(r.s.errorSignal(l+1), r.net.W[l+1]) // δ·W, not δ·Wᵀ
		ReLUBackwardInto(d, d, r.s.Hidden[l])
		n := postNames{len(r.s.Hidden)}
		return asArray(d), fmt.Sprintf("%s itself where the post has its transpose, %s.T (numpy accepts it only because the layers have as many units)",
			n.weights(l+1), n.weights(l+1))
	}},
	// error_signal_hidden: backprop written layer by layer, each layer updated as soon as its gradient is known.
	{"weights above updated first", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.ErrorSignalHidden, v.M)
		if l < 0 {
			return nil, ""
		}
		w := NewMatrix(r.net.W[l+1].Dims())
		AddScaledInto(w, r.net.W[l+1], -r.cfg.LearningRate, r.s.GradW[l+1]) // W − lr·∂W: the step's update, done early
		d := NewMatrix(v.M.Dims())
		MulTransBInto(d, r.s.errorSignal(l+1), w)
		ReLUBackwardInto(d, d, r.s.Hidden[l])
		return asArray(d), fmt.Sprintf("%s already updated by this step when it is computed: the post updates the weights only after every gradient is computed",
			postNames{}.weights(l+1))
	}},
	// the weights' gradient: the layer's input before its bias and ReLU (Grokking Deep Learning, issue 9).
	{"gradient from input_layer", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.GradW, v.M)
		if l < 1 {
			return nil, ""
		}
		g := NewMatrix(v.M.Dims())
		MulTransAInto(g, r.s.InputLayer[l-1], r.s.errorSignal(l)) // input_layerᵀ·δ
		AddScaledInto(g, g, r.cfg.RegLambda, r.net.W[l])          // + λ·W
		n := postNames{len(r.s.Hidden)}
		return asArray(g), fmt.Sprintf("the gradient computed from %s (before the bias and the ReLU), where the post uses %s",
			n.hidden(inputLayer, l-1), n.hidden(hiddenLayer, l-1))
	}},
	// the weights' gradient: the loss's ½ kept in the derivative (cs231n's notes, issue 89).
	{"L2 part with ½", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.GradW, v.M)
		if l < 0 {
			return nil, ""
		}
		return asArray(addScaled(r.s.DataGradW[l], 0.5*r.cfg.RegLambda, r.net.W[l])), // + ½·λ·W
			"the L2 part 0.5 * reg_lambda * W: the loss's term is ½·λ·ΣW², whose derivative is λ·W, so the post adds reg_lambda * W"
	}},
	// the weights' gradient: the L2 term kept in the loss and left out of its gradient.
	{"L2 part missing", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.GradW, v.M)
		if l < 0 {
			return nil, ""
		}
		return asArray(r.s.DataGradW[l]), // no + λ·W
			"no L2 part: the post adds reg_lambda * W to each weight gradient, the derivative of the loss's L2 term"
	}},
	// the weights' gradient: Andrew Ng's dW = 1/m · Aᵀ·dZ onto the post's δ, which is already divided by N.
	{"divided by N twice", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.GradW, v.M)
		if l < 0 {
			return nil, ""
		}
		g := NewMatrix(v.M.Dims())
		DivScalarInto(g, r.s.DataGradW[l], float64(r.s.Y.rows)) // inputᵀ·δ / N
		AddScaledInto(g, g, r.cfg.RegLambda, r.net.W[l])        // + λ·W
		return asArray(g), fmt.Sprintf("the gradient divided by N = %d again: the post's 1/N is already in output_error_signal", r.s.Y.rows)
	}},
	// the bias gradient: summed over the wrong axis (Deep Learning from Scratch's code, issue 8).
	{"bias gradient over axis 1", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.GradB, v.M)
		if l < 0 {
			return nil, ""
		}
		d := r.s.errorSignal(l)
		sums := NewMatrix(d.rows, 1) // [N x 1]: one sum per row
		for i := 0; i < d.rows; i++ {
			for _, x := range d.Row(i) {
				sums.data[i] += x
			}
		}
		return asArray(sums), fmt.Sprintf("%s summed over axis 1, one number per row: the post sums over axis 0, the rows, "+
			"so that the bias gradient has the bias's shape (1, %d)", postNames{len(r.s.Hidden)}.signal(l), d.cols)
	}},
	// the bias gradient: np.sum without keepdims, which the update still broadcasts.
	{"bias gradient without keepdims", func(r replayed, v portValue) (*Array, string) {
		if !slices.Contains(r.s.GradB, v.M) {
			return nil, ""
		}
		return flat(v.M), fmt.Sprintf("the sum taken without keepdims = True: a 1-d array of %d, where the post keeps the bias's shape, (1, %d)", v.M.cols, v.M.cols)
	}},
	// the bias gradient: the biases regularized like the weights (invisible while they are 0).
	{"L2 part on the bias", func(r replayed, v portValue) (*Array, string) {
		l := slices.Index(r.s.GradB, v.M)
		if l < 0 {
			return nil, ""
		}
		return asArray(addScaled(v.M, r.cfg.RegLambda, r.net.B[l])), // + λ·b
			"an L2 part reg_lambda * bias added to the bias gradient: the post regularizes only the weights"
	}},
}

// addScaled returns a + s·b (numpy: a + s * b).
func addScaled(a *Matrix, s float64, b *Matrix) *Matrix {
	c := NewMatrix(a.Dims())
	AddScaledInto(c, a, s, b)
	return c
}

// explainSlip adds to the report why your value a of v differs: the slips that give it, or, when none
// does, that none does, the post's lines for it and the Go that computes ours.
func (r *PortReport) explainSlip(rp replayed, v portValue, a *Array) {
	r.add("")
	found := false
	for _, slip := range portSlips {
		if yours, did := slip.try(rp, v); yours != nil && portCompare(a, yours).matches() {
			r.add("Why %s differs: yours equals ours with %s.", v.Name, did)
			found = true
		}
	}
	if !found {
		r.add("Why %s differs: none of the %d slips -check knows gives your value. Compare your line with the post's, and ours:", v.Name, len(portSlips))
	}
	label := "the post:"
	for _, line := range v.lines {
		r.add("  %-9s %s", label, line)
		label = ""
	}
	if !found {
		r.add("  %-9s %s — computed by %s", "ours:", strings.Join(v.ours, "; then "), rp.s.computedBy(v.M))
	}
}

// computedBy names the Go that computes the step's value m, to read beside the post.
func (s *Step) computedBy(m *Matrix) string {
	switch {
	case m == s.OutputProbs:
		return "SoftmaxInto (network.go), in (*Network).Forward"
	case m == s.OutputLayer || slices.Contains(s.InputLayer, m) || slices.Contains(s.Hidden, m):
		return "(*Network).Forward (network.go), the first line of Step.Run"
	case m == s.OutputErrorSignal:
		return "SubInto and DivScalarInto, in Step.Run (train.go)"
	case slices.Contains(s.ErrorSignalHidden, m):
		return "MulTransBInto and ReLUBackwardInto, in Step.Run (train.go)"
	case slices.Contains(s.GradW, m):
		return "MulTransAInto, then AddScaledInto for the L2 part, in Step.Run (train.go)"
	}
	return "SumRowsInto, in Step.Run (train.go)"
}

// ---------------------------------------------------------------------------------------------------
// Pictures: the post's two figures, the decision regions, the loss curve — and the live page's.
//
// Every picture, -plot's and the live page's, is drawn here as SVG: an axis maps data to pixels and
// chooses its ticks, frame draws the axes, marks draw the points, legend explains them. All pictures of
// a run share one plane — the same two features and the same ranges — so that they can be laid over one
// another, and the page shows the very pictures -plot writes (it swaps in each frame's regions image).

// geometry is a figure's size and its plot area in pixels; the legend stands to the right of the plot
// area.
type geometry struct{ w, h, left, right, top, bottom int }

// plotFigure is the geometry of -plot's pictures: 800×600, the legend in the right 210 pixels.
var plotFigure = geometry{800, 600, 80, 590, 60, 540}

// palette holds the classes' colours: Okabe and Ito's eight, chosen so that readers with any common kind
// of colour blindness can tell them apart, then four of Paul Tol's. From the thirteenth class on, the
// colours come round again with another shape (circle, square, triangle, diamond), so that at least 48
// classes have marks of their own.
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
	"#882255", "#44AA99", "#999933", "#332288"}

// Marks for the predictions: correct and wrong differ in both shape (circle, cross) and colour.
const (
	colorCorrect = "#0072B2"
	colorWrong   = "#D55E00"
)

func classColor(k int) string { return palette[k%len(palette)] }

// tint mixes a colour 75% of the way to white, for the decision regions behind the points.
func tint(hex string) color.RGBA {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	mix := func(c int) uint8 { return uint8(c + (255-c)*3/4) }
	return color.RGBA{mix(r), mix(g), mix(b), 255}
}

// axis maps data values in [lo, hi] onto pixels [p0, p1] (p0 > p1 for a y axis, whose pixels grow
// downwards), linearly or, for a log axis, linearly in log₁₀; ticks are where the axis is labelled.
type axis struct {
	lo, hi, p0, p1 float64
	ticks          []float64
	step           float64 // the distance between ticks (linear axes)
	log            bool
}

// at returns the pixel for the data value v: p0 + (v − lo)/(hi − lo)·(p1 − p0), in log₁₀ v on a log axis.
func (a axis) at(v float64) float64 {
	if a.log {
		return a.p0 + (math.Log10(v)-math.Log10(a.lo))/(math.Log10(a.hi)-math.Log10(a.lo))*(a.p1-a.p0)
	}
	return a.p0 + (v-a.lo)/(a.hi-a.lo)*(a.p1-a.p0)
}

// linearAxis fits an axis to data in [lo, hi] that hugs it: the data are first widened by pad (a fraction
// of their span, so that no mark touches the frame), then the axis runs from the nearest tick below to
// the nearest tick above. Of the tick steps 1, 2, 2.5 and 5 times a power of ten that give at most 11
// ticks, the one whose axis wastes least space wins. An integer axis (steps) takes only whole steps.
func linearAxis(lo, hi, pad float64, integer bool, p0, p1 float64) axis {
	if !(hi > lo) { // a single value: widen it to a unit range
		lo, hi = lo-0.5, hi+0.5
		if integer {
			lo, hi = lo+0.5, hi+0.5
		}
	}
	span := hi - lo
	lo, hi = lo-pad*span, hi+pad*span
	mag := math.Pow(10, math.Floor(math.Log10((hi-lo)/10)))
	best := axis{p0: p0, p1: p1}
	for _, f := range []float64{1, 2, 2.5, 5, 10, 20, 25, 50} {
		step := f * mag
		if integer && (step < 1 || step != math.Trunc(step)) {
			continue
		}
		first, last := math.Floor(lo/step+1e-9), math.Ceil(hi/step-1e-9)
		if last-first > 10 {
			continue
		}
		if best.ticks == nil || (last-first)*step < best.hi-best.lo-1e-9*step {
			best.lo, best.hi, best.step, best.ticks = first*step, last*step, step, nil
			for t := first; t <= last; t++ {
				best.ticks = append(best.ticks, t*step)
			}
		}
	}
	return best
}

// logAxis fits a log₁₀ axis to positive data in [lo, hi], from the power of ten below to the one above;
// the ticks are the powers of ten, and 2 and 5 times them when the data span less than two decades.
func logAxis(lo, hi, p0, p1 float64) axis {
	a := axis{lo: math.Pow(10, math.Floor(math.Log10(lo))), hi: math.Pow(10, math.Ceil(math.Log10(hi))), p0: p0, p1: p1, log: true}
	fine := math.Log10(a.hi/a.lo) <= 2
	for d := a.lo; d <= a.hi*1.0001; d *= 10 {
		for _, f := range []float64{1, 2, 5} {
			if (f == 1 || fine) && f*d <= a.hi*1.0001 {
				a.ticks = append(a.ticks, f*d)
			}
		}
	}
	return a
}

// valueAxis fits an axis to positive-or-not values on [p0, p1]: a log axis when they are all positive and
// the largest is more than ten times the smallest (a ratio, not a difference, decides), else a linear one.
func valueAxis(lo, hi, p0, p1 float64) axis {
	if lo > 0 && hi/lo > 10 {
		return logAxis(lo, hi, p0, p1)
	}
	return linearAxis(lo, hi, 0.03, false, p0, p1)
}

// tickLabel formats a tick value with as many decimals as the axis's step needs (on a log axis, as
// short as it can be); a tick at zero is "0", never "-0".
func tickLabel(v float64, a axis) string {
	if a.log {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	decimals := 0
	for s := a.step; decimals < 12 && math.Abs(s-math.Round(s)) > 1e-9*a.step; s *= 10 {
		decimals++
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-") // no "-0"
	}
	return s
}

// svg builds one picture.
type svg struct {
	strings.Builder
	g geometry
}

// svgMarker is written into every picture this program draws, so that a later run can tell its own
// pictures from other files.
const svgMarker = "<!-- drawn by nnfromscratch -plot -->"

// newSVG starts a picture of geometry g with a title, a second line under it (note, may be ""), and one
// mark shape per class in its <defs>, so that a point is a short <use href="#mK" x= y=/>.
func newSVG(g geometry, title, note string, classes int) *svg {
	s := &svg{g: g}
	fmt.Fprintf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s\n", svgMarker)
	fmt.Fprintf(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n", g.w, g.h, g.w, g.h)
	fmt.Fprintf(s, "<title>%s</title>\n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", esc(strings.TrimSpace(title+" "+note)), g.w, g.h)
	fmt.Fprintf(s, "<text x=\"%d\" y=\"%d\" font-size=\"18\" text-anchor=\"middle\">%s</text>\n", g.w/2, g.top-34, esc(title))
	if note != "" {
		fmt.Fprintf(s, "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#444\" text-anchor=\"middle\">%s</text>\n", g.w/2, g.top-14, esc(note))
	}
	s.WriteString("<defs>\n")
	for k := 0; k < classes; k++ {
		fmt.Fprintf(s, "<g id=\"m%d\" fill=\"%s\" stroke=\"white\" stroke-width=\"0.6\">%s</g>\n", k, classColor(k), shapePath(k/len(palette), 3.2))
	}
	s.WriteString("</defs>\n")
	return s
}

// shapePath draws shape number n (circle, square, triangle, diamond, round again) of size r centred on
// the origin.
func shapePath(n int, r float64) string {
	switch n % 4 {
	case 1:
		return fmt.Sprintf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>", px(-0.9*r), px(-0.9*r), px(1.8*r), px(1.8*r))
	case 2:
		return fmt.Sprintf("<path d=\"M0 %sL%s %sL%s %sZ\"/>", px(-1.2*r), px(1.1*r), px(0.8*r), px(-1.1*r), px(0.8*r))
	case 3:
		return fmt.Sprintf("<path d=\"M0 %sL%s 0L0 %sL%s 0Z\"/>", px(-1.25*r), px(1.25*r), px(1.25*r), px(-1.25*r))
	}
	return fmt.Sprintf("<circle r=\"%s\"/>", px(r))
}

func (s *svg) end() string { s.WriteString("</svg>\n"); return s.String() }

// mark draws class k's mark centred at (x, y).
func (s *svg) mark(k int, x, y float64) {
	fmt.Fprintf(s, "<use href=\"#m%d\" x=\"%s\" y=\"%s\"/>\n", k, px(x), px(y))
}

// esc escapes text for XML.
func esc(t string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(t))
	return b.String()
}

// px formats a pixel coordinate.
func px(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// frame draws the plot area's border, the ticks with their numbers, and the axis names.
func (s *svg) frame(xa, ya axis, xName, yName string) {
	g := s.g
	fmt.Fprintf(s, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n", g.left, g.top, g.right-g.left, g.bottom-g.top)
	s.WriteString("<g class=\"ticks\" font-size=\"12\" fill=\"#222\" stroke=\"#444\">\n")
	for _, v := range xa.ticks {
		x := px(xa.at(v))
		fmt.Fprintf(s, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\"/>", x, g.bottom, x, g.bottom+6)
		fmt.Fprintf(s, "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" stroke=\"none\">%s</text>\n", x, g.bottom+20, tickLabel(v, xa))
	}
	for _, v := range ya.ticks {
		y := ya.at(v)
		fmt.Fprintf(s, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\"/>", g.left-6, px(y), g.left, px(y))
		fmt.Fprintf(s, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" stroke=\"none\">%s</text>\n", g.left-9, px(y+4), tickLabel(v, ya))
	}
	s.WriteString("</g>\n")
	fmt.Fprintf(s, "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"middle\">%s</text>\n", (g.left+g.right)/2, g.bottom+45, esc(xName))
	fmt.Fprintf(s, "<text transform=\"translate(%d %d) rotate(-90)\" font-size=\"14\" text-anchor=\"middle\">%s</text>\n", g.left-58, (g.top+g.bottom)/2, esc(yName))
}

// legendEntry is one line of a legend: a sample mark and its text.
type legendEntry struct {
	mark  func(s *svg, x, y float64) // draws the sample mark centred at (x, y)
	label string
}

// Legend geometry: entries stand in a column right of the plot; a text longer than legendChars
// characters (at 13 px, the column's width) is wrapped onto a second line, and shortened with "…" if it
// is longer still; past legendLines lines the last says how many entries are left out.
const (
	legendChars = 22
	legendLines = 25
)

// legend draws entries to the right of the plot area.
func (s *svg) legend(entries []legendEntry) {
	type row struct {
		e     legendEntry
		lines []string
	}
	var rows []row
	used := 0
	for i, e := range entries {
		lines := wrap(e.label, legendChars, 2)
		if used+len(lines) > legendLines-1 && i < len(entries)-1 {
			rows = append(rows, row{legendEntry{func(*svg, float64, float64) {}, ""}, []string{fmt.Sprintf("… and %d more", len(entries)-i)}})
			break
		}
		rows = append(rows, row{e, lines})
		used += len(lines)
	}
	height := 0
	for _, r := range rows {
		height += 6 + 14*len(r.lines)
	}
	x, y := float64(s.g.right+22), float64(s.g.top+10)
	fmt.Fprintf(s, "<rect x=\"%s\" y=\"%s\" width=\"%d\" height=\"%d\" fill=\"white\" stroke=\"#999\"/>\n", px(x-12), px(y-8), s.g.w-s.g.right-20, height+10)
	s.WriteString("<g class=\"legend\" font-size=\"13\">\n")
	for _, r := range rows {
		r.e.mark(s, x, y+7)
		for n, line := range r.lines {
			fmt.Fprintf(s, "<text x=\"%s\" y=\"%s\">%s</text>\n", px(x+12), px(y+11.5+14*float64(n)), esc(line))
		}
		y += 6 + 14*float64(len(r.lines))
	}
	s.WriteString("</g>\n")
}

// wrap breaks a text into at most maxLines lines of at most width characters, at spaces where it can;
// what does not fit ends with "…".
func wrap(t string, width, maxLines int) []string {
	var lines []string
	rest := []rune(t)
	for len(rest) > 0 {
		if len(lines) == maxLines-1 || len(rest) <= width {
			if len(rest) > width {
				rest = append(rest[:width-1:width-1], '…')
			}
			return append(lines, string(rest))
		}
		cut := width
		for i := width; i > width/2; i-- {
			if rest[i] == ' ' {
				cut = i
				break
			}
		}
		lines = append(lines, strings.TrimSpace(string(rest[:cut])))
		rest = []rune(strings.TrimSpace(string(rest[cut:])))
	}
	return lines
}

// className is how a legend names class k: "class 2" when its name is its number, else "2 = setosa", as
// the Classes: line names it.
func className(k int, name string) string {
	if name == strconv.Itoa(k) {
		return "class " + name
	}
	return fmt.Sprintf("%d = %s", k, name)
}

// Sample marks for legends.
func classMark(k int) func(s *svg, x, y float64) {
	return func(s *svg, x, y float64) { s.mark(k, x, y) }
}

func crossPath(x, y, r float64) string {
	return fmt.Sprintf("<path d=\"M%s %sL%s %sM%s %sL%s %s\"/>", px(x-r), px(y-r), px(x+r), px(y+r), px(x-r), px(y+r), px(x+r), px(y-r))
}

func crossMark(color string) func(s *svg, x, y float64) {
	return func(s *svg, x, y float64) {
		fmt.Fprintf(s, "<g stroke=\"%s\" stroke-width=\"2\">%s</g>\n", color, crossPath(x, y, 4))
	}
}

func ringMark(s *svg, x, y float64) { s.WriteString(ring(x, y, 5.5, "black", 1.6)) }

func ring(x, y, r float64, color string, width float64) string {
	return fmt.Sprintf("<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%v\"/>\n", px(x), px(y), px(r), color, width)
}

func dotMark(color string, r float64) func(s *svg, x, y float64) {
	return func(s *svg, x, y float64) {
		fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"%v\" fill=\"%s\"/>\n", px(x), px(y), r, color)
	}
}

func lineEntry(color, opacity, dash, label string) legendEntry {
	return legendEntry{func(s *svg, x, y float64) {
		fmt.Fprintf(s, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-opacity=\"%s\" stroke-dasharray=\"%s\" stroke-width=\"2\"/>\n",
			px(x-7), px(y), px(x+7), px(y), color, opacity, dash)
	}, label}
}

// ---------------------------------------------------------------------------------------------------
// The plane.

// plane is the pair of features every scatter picture of a run shows, and the axes they are drawn on.
type plane struct {
	i, j   int                         // the features shown: columns of X
	xa, ya axis                        // fitted to every example, so every picture has the same ranges
	note   string                      // for the titles: which features, when there are more than two
	inputs func(cells *Matrix) *Matrix // with -features: the network's inputs at points of the plane [cells x 2]; nil: the points themselves
	why    string                      // why these two, when the program chose them
}

// plane fits the plane of the features spec names (-plot-features: "3,4" or names), or, for "", of the
// two features that separate the classes best (Dataset.SeparatingPair), to all the examples.
func (ex *experiment) plane(spec string) (plane, error) {
	all := ex.all
	if all.X.cols < 2 {
		return plane{}, fmt.Errorf("the data have %d feature; a picture of the plane needs 2", all.X.cols)
	}
	p := plane{}
	var err error
	if spec == "" {
		p.i, p.j = all.SeparatingPair()
		if all.X.cols > 2 {
			p.why = fmt.Sprintf("features %d and %d separate the classes best: the largest ratios of between-class to within-class variance", p.i+1, p.j+1)
		}
	} else if p.i, p.j, err = plotFeatures(spec, all.Features); err != nil {
		return p, err
	}
	xlo, xhi := columnRange(p.i, all.X)
	ylo, yhi := columnRange(p.j, all.X)
	g := plotFigure
	p.xa = linearAxis(xlo, xhi, 0.02, false, float64(g.left), float64(g.right))
	p.ya = linearAxis(ylo, yhi, 0.02, false, float64(g.bottom), float64(g.top))
	if d := all.X.cols; d > 2 {
		p.note = fmt.Sprintf("features %d and %d of %d: %s and %s", p.i+1, p.j+1, d, all.Features[p.i], all.Features[p.j])
	}
	if ex.inputs != nil { // -features: the plane is the raw features', and each point goes through the run's inputs
		p.inputs = func(cells *Matrix) *Matrix {
			raw := NewMatrix(cells.rows, 2) // [cells x 2]: the point's x in feature i, its y in feature j
			for c := 0; c < cells.rows; c++ {
				raw.Set(c, p.i, cells.At(c, 0))
				raw.Set(c, p.j, cells.At(c, 1))
			}
			x := CrossFeatures(raw, ex.inputs) // [cells x F]
			if ex.st != nil {
				x = ex.st.Apply(x)
			}
			return x
		}
	}
	return p, nil
}

// point returns the pixel position of row r of x.
func (p plane) point(x *Matrix, r int) (float64, float64) {
	return p.xa.at(x.At(r, p.i)), p.ya.at(x.At(r, p.j))
}

// columnRange returns the smallest and largest value of column j of m.
func columnRange(j int, m *Matrix) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for i := 0; i < m.rows; i++ {
		lo, hi = min(lo, m.At(i, j)), max(hi, m.At(i, j))
	}
	return lo, hi
}

// planeGrid runs the plane network over a cols × rows grid of the plot area, a strip of rows at a time,
// and calls each(top, pass) with the pass of the strip whose first grid row is top (cell (r, c) is row
// (r − top)·cols + c of the pass; grid row 0 is the top of the picture).
func planeGrid(net *Network, p plane, cols, rows int, each func(top int, pass *Pass)) {
	const strip = 16
	pass := NewPass(net.Sizes(), strip*cols)
	pass.ScoresOnly = true
	grid := NewMatrix(strip*cols, 2) // [cells x 2]
	for top := 0; top < rows; top += strip {
		n := min(strip, rows-top)
		cells := grid.RowsView(0, n*cols)
		for r := 0; r < n; r++ {
			for c := 0; c < cols; c++ {
				cells.Set(r*cols+c, 0, p.xa.lo+(float64(c)+0.5)/float64(cols)*(p.xa.hi-p.xa.lo))
				cells.Set(r*cols+c, 1, p.ya.hi-(float64(top+r)+0.5)/float64(rows)*(p.ya.hi-p.ya.lo))
			}
		}
		if p.inputs != nil {
			cells = p.inputs(cells) // [cells x F]: -features' inputs at these points
		}
		pass.X = *cells
		if n < strip { // the last strip is shorter: a pass of its size
			pass = NewPass(net.Sizes(), n*cols)
			pass.X, pass.ScoresOnly = *cells, true
		}
		net.Forward(pass)
		each(top, pass)
	}
}

// regionsPNG colours the plot area, cols × rows cells, by the class predicted at each cell's centre, and
// returns it as a PNG in base64. At the picture's own resolution the edges show no steps, and flat
// colours compress to a few kilobytes.
func regionsPNG(net *Network, p plane, classes, cols, rows int) string {
	pal := color.Palette{}
	for k := 0; k < classes; k++ {
		pal = append(pal, tint(classColor(k)))
	}
	img := image.NewPaletted(image.Rect(0, 0, cols, rows), pal)
	planeGrid(net, p, cols, rows, func(top int, pass *Pass) {
		for n, k := range ArgmaxRows(pass.OutputLayer) { // the class of the largest score: of the largest probability
			img.SetColorIndex(n%cols, top+n/cols, uint8(k%len(pal)))
		}
	})
	return pngBase64(img)
}

func pngBase64(img image.Image) string {
	var b bytes.Buffer
	png.Encode(&b, img) // to memory: cannot fail
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// maxMarks is the most points a picture draws; above it, a fixed sample of that many is drawn (and the
// title says so), which keeps every picture under about 2 MB. The live page draws at most
// maxPagePoints training points.
const (
	maxMarks      = 20000
	maxPagePoints = 3000
)

// drawOrder returns the rows a picture draws, in the order it draws them: all n of them (or a sample of
// most) in a fixed shuffled order — the same on every run — so that no class is always drawn over the
// others. note says when it is a sample.
func drawOrder(n, most int) (rows []int, note string) {
	rows = NewRandomState(1).Permutation(n)
	if n > most {
		return rows[:most], fmt.Sprintf("showing %s of %s points", thousands(most), thousands(n))
	}
	return rows, ""
}

// joinNotes joins the non-empty notes with "; ".
func joinNotes(notes ...string) string {
	var kept []string
	for _, n := range notes {
		if n != "" {
			kept = append(kept, n)
		}
	}
	return strings.Join(kept, "; ")
}

// ---------------------------------------------------------------------------------------------------
// The pictures of -plot.

// dataPlot is the post's first figure: every point, coloured (and shaped) by its class.
func dataPlot(ds *Dataset, p plane) string {
	rows, sample := drawOrder(ds.X.rows, maxMarks)
	s := newSVG(plotFigure, "The data, by class", joinNotes(p.note, sample), len(ds.Classes))
	s.frame(p.xa, p.ya, ds.Features[p.i], ds.Features[p.j])
	labels := ds.Labels()
	s.WriteString("<g class=\"points\" fill-opacity=\"0.8\">\n")
	for _, r := range rows {
		x, y := p.point(ds.X, r)
		s.mark(labels[r], x, y)
	}
	s.WriteString("</g>\n")
	counts := make([]int, len(ds.Classes))
	for _, k := range labels {
		counts[k]++
	}
	var entries []legendEntry
	for k, name := range ds.Classes {
		entries = append(entries, legendEntry{classMark(k), fmt.Sprintf("%s (%d)", className(k, name), counts[k])})
	}
	s.legend(entries)
	return s.end()
}

// predictionsPlot is the post's second figure: the test points, correct ones as circles, wrong ones as
// crosses, with the counts in the legend. (The post's own plot colours predictions == labels_flat - 1,
// the points predicted one class below their label, not the correct ones it says it shows; this is the
// picture it meant.)
func predictionsPlot(test *Dataset, probs *Matrix, p plane) string {
	rows, sample := drawOrder(test.X.rows, maxMarks)
	s := newSVG(plotFigure, "Test points: correct and wrong predictions", joinNotes(p.note, sample), 0)
	s.frame(p.xa, p.ya, test.Features[p.i], test.Features[p.j])
	pred, want := ArgmaxRows(probs), test.Labels()
	correct := 0
	for i := range pred {
		if pred[i] == want[i] {
			correct++
		}
	}
	fmt.Fprintf(s, "<g class=\"points\" fill=\"%s\" fill-opacity=\"0.7\">\n", colorCorrect)
	for _, r := range rows {
		if pred[r] == want[r] {
			x, y := p.point(test.X, r)
			fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"2.8\"/>\n", px(x), px(y))
		}
	}
	fmt.Fprintf(s, "</g>\n<g class=\"points\" stroke=\"%s\" stroke-width=\"2\">\n", colorWrong)
	for _, r := range rows {
		if pred[r] != want[r] {
			x, y := p.point(test.X, r)
			s.WriteString(crossPath(x, y, 4) + "\n")
		}
	}
	s.WriteString("</g>\n")
	s.legend([]legendEntry{{dotMark(colorCorrect, 5), fmt.Sprintf("correct %d", correct)}, {crossMark(colorWrong), fmt.Sprintf("wrong %d", len(pred)-correct)}})
	return s.end()
}

// regionsPlot shows what the network learned: the plane coloured by the class the network predicts
// (regions, a PNG from regionsPNG), the test points on top in their true class's marks, and a ring round
// each wrong prediction (so that its true colour stays visible). Features other than the plane's two
// are held at their training means. For the live page (train not nil) the training points are drawn
// too, small and faint beneath, each with its row for the audit, and an empty overlay group is left for
// what each frame adds; the regions image and the rings change as it trains.
func regionsPlot(test *Dataset, probs *Matrix, regions string, p plane, train *Dataset) string {
	note := p.note
	if d := test.X.cols; d > 2 {
		note += fmt.Sprintf("; the other %d features at their training means", d-2)
	}
	rows, sample := drawOrder(test.X.rows, maxMarks)
	s := newSVG(plotFigure, "What the network learned: decision regions and test points", joinNotes(note, sample), len(test.Classes))
	g := s.g
	fmt.Fprintf(s, "<image class=\"regions\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,%s\"/>\n",
		g.left, g.top, g.right-g.left, g.bottom-g.top, regions)
	s.frame(p.xa, p.ya, test.Features[p.i], test.Features[p.j])
	var entries []legendEntry
	for k, name := range test.Classes {
		entries = append(entries, legendEntry{classMark(k), className(k, name)})
	}
	if train != nil {
		trainRows, _ := drawOrder(train.X.rows, maxPagePoints)
		labels := train.Labels()
		s.WriteString("<g class=\"train\" fill-opacity=\"0.45\" stroke=\"none\">\n")
		for _, r := range trainRows {
			x, y := p.point(train.X, r)
			fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"1.8\" fill=\"%s\" data-row=\"%d\"/>\n", px(x), px(y), classColor(labels[r]), r)
		}
		s.WriteString("</g>\n")
		entries = append(entries, legendEntry{dotMark("#555", 1.8), "a training point: click to audit"}, legendEntry{classMark(0), "a test point (outlined)"})
	}
	want := test.Labels()
	s.WriteString("<g class=\"points\">\n")
	for _, r := range rows {
		x, y := p.point(test.X, r)
		s.mark(want[r], x, y)
	}
	s.WriteString("</g>\n")
	rings, wrong := wrongRings(test, probs, p)
	fmt.Fprintf(s, "<g class=\"wrong\">\n%s</g>\n", rings)
	if train != nil {
		s.WriteString("<g class=\"overlay\"></g>\n")
		entries = append(entries, legendEntry{ringMark, "a test point predicted wrong"})
		if p.inputs == nil { // with -features a unit's w·x + b = 0 is a curve in the plane, and not drawn
			entries = append(entries, lineEntry("#222", "0.8", "5 4", "a unit's w·x + b = 0: where a ReLU turns on"))
		}
		entries = append(entries, legendEntry{func(s *svg, x, y float64) { s.WriteString(ring(x, y, 5, "#c00", 2.2)) }, "the audited row"})
	} else {
		entries = append(entries, legendEntry{ringMark, fmt.Sprintf("wrong prediction (%d)", wrong)})
	}
	s.legend(entries)
	return s.end()
}

// wrongRings draws a ring round each test point whose prediction (probs) is wrong, and counts them.
func wrongRings(test *Dataset, probs *Matrix, p plane) (rings string, wrong int) {
	var b svg
	rows, _ := drawOrder(test.X.rows, maxMarks)
	pred, want := ArgmaxRows(probs), test.Labels()
	for _, r := range rows {
		if pred[r] != want[r] {
			x, y := p.point(test.X, r)
			ringMark(&b, x, y)
			wrong++
		}
	}
	return b.String(), wrong
}

// lossCurve is what lossPlot draws: the loss of every step, and for the live page the test loss where
// it was measured, the step the page stands at, and the step that diverged.
type lossCurve struct {
	losses    []float64    // the loss of steps 0, 1, 2, …
	cfg       Config       // Every and LossLabel
	minibatch bool         // each step saw a minibatch: its losses jump, and a moving average is drawn
	test      [][2]float64 // (step, test loss), measured; may be nil
	now       int          // the step the page shows, marked; −1 for none
	diverged  int          // the step whose loss is not finite, marked; −1 for none
}

// lossPlot draws the loss at every step, on a log scale when it spans more than a decade. For a
// minibatch run, whose losses jump from batch to batch, the raw losses are drawn faint and a moving
// average over them solid. The printed steps are marked. Only finite losses are drawn: after a
// divergence the axis shows the losses before it, and a line marks the step where it happened.
func lossPlot(c lossCurve, g geometry) string {
	lo, hi, last := math.Inf(1), math.Inf(-1), len(c.losses)-1
	for _, l := range c.losses {
		if !notFinite(l) {
			lo, hi = min(lo, l), max(hi, l)
		}
	}
	var tests [][2]float64
	for _, t := range c.test {
		if !notFinite(t[1]) {
			lo, hi, tests = min(lo, t[1]), max(hi, t[1]), append(tests, t)
		}
	}
	if c.now >= 0 {
		last = c.now
	}
	if lo > hi { // nothing finite: an axis of its own
		lo, hi = 0, 1
	}
	xa := linearAxis(0, float64(max(last, 0)), 0, true, float64(g.left), float64(g.right))
	ya := valueAxis(lo, hi, float64(g.bottom), float64(g.top))
	yName := strings.ToLower(c.cfg.LossLabel[:1]) + c.cfg.LossLabel[1:]
	if ya.log {
		yName += " (log scale)"
	}
	s := newSVG(g, "Training loss", "", 0)
	s.frame(xa, ya, "step", yName)
	line := func(class, color, width, opacity string, values []float64, from int) {
		fmt.Fprintf(s, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-opacity=\"%s\" points=\"%s\"/>\n",
			class, color, width, opacity, polyline(values, from, xa, ya, g))
	}
	finite := c.losses
	if c.diverged >= 0 {
		finite = c.losses[:min(c.diverged, len(c.losses))]
	}
	var entries []legendEntry
	if c.minibatch {
		window := max(1, min(1000, (len(finite)+50)/100))
		line("loss", palette[0], "1", "0.3", finite, 0)
		line("average", palette[0], "2", "1", movingAverage(finite, window), window-1)
		entries = append(entries, lineEntry(palette[0], "0.3", "none", "the loss of each batch"),
			lineEntry(palette[0], "1", "none", fmt.Sprintf("average of the last %d", window)))
	} else {
		line("loss", palette[0], "1.5", "1", finite, 0)
		entries = append(entries, lineEntry(palette[0], "1", "none", "every step"))
	}
	if printed := (len(finite) + c.cfg.Every - 1) / c.cfg.Every; printed <= 200 {
		fmt.Fprintf(s, "<g class=\"printed\" fill=\"%s\">\n", palette[5])
		for i := 0; i < len(finite); i += c.cfg.Every {
			fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\"/>\n", px(xa.at(float64(i))), px(ya.at(finite[i])))
		}
		s.WriteString("</g>\n")
		entries = append(entries, legendEntry{dotMark(palette[5], 4), fmt.Sprintf("printed (every %d)", c.cfg.Every)})
	}
	if len(tests) > 0 {
		fmt.Fprintf(s, "<g class=\"test\" fill=\"%s\">\n", palette[1])
		for _, t := range tests {
			fmt.Fprintf(s, "<circle cx=\"%s\" cy=\"%s\" r=\"1.6\"/>\n", px(xa.at(t[0])), px(ya.at(t[1])))
		}
		s.WriteString("</g>\n")
		entries = append(entries, legendEntry{dotMark(palette[1], 3), "the test rows' loss (regularization too)"})
	}
	mark := func(step int, color, text string) {
		x, anchor := xa.at(float64(step)), "end" // the label on the line's left, or its right in the left half
		if x < float64(g.left+g.right)/2 {
			anchor = "start"
		}
		fmt.Fprintf(s, "<g class=\"marker\" stroke=\"%s\"><line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke-dasharray=\"4 3\"/>"+
			"<text x=\"%s\" y=\"%d\" font-size=\"12\" stroke=\"none\" fill=\"%s\" text-anchor=\"%s\">%s</text></g>\n", color, px(x), g.top, px(x), g.bottom, px(x), g.top-4, color, anchor, esc(text))
	}
	if c.diverged >= 0 {
		mark(c.diverged, "#c00", fmt.Sprintf("diverged at step %d", c.diverged))
	} else if c.now >= 0 {
		mark(c.now, "#444", fmt.Sprintf("step %d", c.now))
	}
	s.legend(entries)
	return s.end()
}

// movingAverage returns, for each i ≥ window−1, the mean of values[i−window+1 … i].
func movingAverage(values []float64, window int) []float64 {
	var out []float64
	sum := 0.0
	for i, v := range values {
		sum += v
		if i >= window {
			sum -= values[i-window]
		}
		if i >= window-1 {
			out = append(out, sum/float64(window))
		}
	}
	return out
}

// polyline writes the points (from+i, values[i]) for a <polyline>. When there are more values than two
// per pixel column, each column gets its smallest and largest value instead, which draws the same line
// (and the same band of noise) with a bounded number of points.
func polyline(values []float64, from int, xa, ya axis, g geometry) string {
	var b strings.Builder
	add := func(step, v float64) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(px(xa.at(step)) + "," + px(ya.at(v)))
	}
	columns := g.right - g.left
	if len(values) <= 2*columns {
		for i, v := range values {
			add(float64(from+i), v)
		}
		return b.String()
	}
	per := float64(len(values)) / float64(columns)
	for c := 0; c < columns; c++ {
		lo, hi := int(float64(c)*per), min(int(float64(c+1)*per), len(values))
		minI, maxI := lo, lo
		for i := lo; i < hi; i++ {
			if values[i] < values[minI] {
				minI = i
			}
			if values[i] > values[maxI] {
				maxI = i
			}
		}
		first, second := min(minI, maxI), max(minI, maxI)
		add(float64(from+first), values[first])
		add(float64(from+second), values[second])
	}
	return b.String()
}

// ---------------------------------------------------------------------------------------------------
// The live page's own pictures: the accuracy chart, where each unit is on, and what each frame lays over
// the plane. (The network's diagram, which the learner hovers and clicks, is drawn by the page.)

// pageChart is the geometry of the page's charts: wider than tall, to stand beside the plane.
var pageChart = geometry{640, 290, 72, 452, 48, 238}

// measure is the network at one step, measured on every row: the accuracy on the training and the test
// rows (percent), and the loss on the test rows.
type measure struct {
	step                  int
	train, test, testLoss float64
}

// measureEvery is how many steps the live view trains between two measures.
const measureEvery = 25

// accuracyPlot draws the accuracy on the training rows and on the test rows at the steps where it was
// measured, as points joined by segments, with the step the page stands at marked.
func accuracyPlot(ms []measure, now int) string {
	g := pageChart
	lo := 100.0
	for _, m := range ms {
		lo = min(lo, m.train, m.test)
	}
	xa := linearAxis(0, float64(max(now, 1)), 0, true, float64(g.left), float64(g.right))
	ya := linearAxis(math.Floor(lo/10)*10, 100, 0, false, float64(g.bottom), float64(g.top))
	s := newSVG(g, "Accuracy", "", 0)
	s.frame(xa, ya, "step", "percent of rows right")
	for _, series := range []struct {
		class, color string
		of           func(m measure) float64
	}{{"train", palette[0], func(m measure) float64 { return m.train }}, {"test", palette[1], func(m measure) float64 { return m.test }}} {
		var pts []string
		for _, m := range ms {
			pts = append(pts, px(xa.at(float64(m.step)))+","+px(ya.at(series.of(m))))
		}
		fmt.Fprintf(s, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>\n", series.class, series.color, strings.Join(pts, " "))
	}
	x := px(xa.at(float64(now)))
	fmt.Fprintf(s, "<line class=\"marker\" x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#444\" stroke-dasharray=\"4 3\"/>\n", x, g.top, x, g.bottom)
	s.legend([]legendEntry{lineEntry(palette[0], "1", "none", "training rows"), lineEntry(palette[1], "1", "none", "test rows"),
		{func(*svg, float64, float64) {}, fmt.Sprintf("every %d steps and at the dashed line", measureEvery)}})
	return s.end()
}

// unitLabel names unit u of layer l as every view numbers it: the features for l = 0; h1 … hH for the
// units of a single hidden layer (h2.3 for unit 3 of hidden layer 2, when there are several); the
// classes for the last layer.
func unitLabel(ex *experiment, layers, l, u int) string {
	switch {
	case l == 0:
		return ex.inputNames()[u]
	case l == layers:
		return className(u, ex.all.Classes[u])
	case layers == 2:
		return fmt.Sprintf("h%d", u+1)
	}
	return fmt.Sprintf("h%d.%d", l, u+1)
}

// unitMap is where one hidden unit is on (> 0) over the plane, as a small PNG.
type unitMap struct {
	Label string `json:"label"` // h1, h2.3, …, as unitLabel names it
	Layer int    `json:"layer"`
	Unit  int    `json:"unit"`
	PNG   string `json:"png"`
}

// unitMapCells is the side of a unit map's grid.
const unitMapCells = 40

// unitMaps returns, for every unit of every hidden layer, where it is on over the plane (the other
// features at their means), from one pass of the plane network over a unitMapCells-square grid.
func unitMaps(ex *experiment, net *Network, p plane) []unitMap {
	pn := ex.onPlane(net, p)
	n, layers := unitMapCells, len(net.W)
	var maps []unitMap
	var imgs []*image.Paletted
	for l := 1; l < layers; l++ {
		for u := 0; u < pn.W[l-1].cols; u++ {
			maps = append(maps, unitMap{Label: unitLabel(ex, layers, l, u), Layer: l, Unit: u})
			imgs = append(imgs, image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.RGBA{240, 240, 240, 255}, color.RGBA{0x0b, 0x55, 0x94, 255}}))
		}
	}
	on := 0.0 // a unit is on where its input z = w·x + b is > 0: where h > 0, or h > σ(0) = ½ for the sigmoid
	if net.activation() == "sigmoid" {
		on = 0.5
	}
	planeGrid(pn, p, n, n, func(top int, pass *Pass) {
		k := 0
		for _, h := range pass.Hidden {
			for u := 0; u < h.cols; u++ {
				for cell := 0; cell < h.rows; cell++ {
					if h.At(cell, u) > on {
						imgs[k].SetColorIndex(cell%n, top+cell/n, 1)
					}
				}
				k++
			}
		}
	})
	for k := range maps {
		maps[k].PNG = pngBase64(imgs[k])
	}
	return maps
}

// reluLines draws, for the chosen first-layer units, the line of the plane where the unit's input
// w·x + b is 0 — where its ReLU switches on — dashed, with the unit's label at one end.
//
// With -features a unit's input is no straight line in the raw plane (it reads x1², sin x1, …): none
// is drawn.
func reluLines(ex *experiment, net *Network, p plane, units []int) string {
	if p.inputs != nil {
		return ""
	}
	pn := ex.onPlane(net, p)
	var b strings.Builder
	for _, u := range units {
		// a·x + c·y + d = 0 in the features as read
		a, c, d := pn.W[0].At(0, u), pn.W[0].At(1, u), pn.B[0].At(0, u)
		ends := clipLine(a, c, d, p.xa.lo, p.xa.hi, p.ya.lo, p.ya.hi)
		if len(ends) < 4 {
			continue
		}
		x1, y1, x2, y2 := p.xa.at(ends[0]), p.ya.at(ends[1]), p.xa.at(ends[2]), p.ya.at(ends[3])
		label := unitLabel(ex, len(net.W), 1, u)
		fmt.Fprintf(&b, "<g class=\"relu\"><title>%s switches on across this line: w·x + b = 0</title><line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#222\" stroke-opacity=\"0.8\" stroke-width=\"1.6\" stroke-dasharray=\"5 4\"/>"+
			"<text x=\"%s\" y=\"%s\" font-size=\"12\" fill=\"#222\">%s</text></g>\n", esc(label), px(x1), px(y1), px(x2), px(y2), px((3*x1+x2)/4+4), px((3*y1+y2)/4-4), esc(label))
	}
	return b.String()
}

// clipLine returns the part of the line a·x + c·y + d = 0 inside [x0, x1] × [y0, y1] as its two ends,
// or nothing.
func clipLine(a, c, d, x0, x1, y0, y1 float64) []float64 {
	var pts []float64
	add := func(x, y float64) {
		if x >= x0-1e-9 && x <= x1+1e-9 && y >= y0-1e-9 && y <= y1+1e-9 && len(pts) < 4 {
			if len(pts) == 2 && math.Abs(pts[0]-x) < 1e-12 && math.Abs(pts[1]-y) < 1e-12 {
				return
			}
			pts = append(pts, x, y)
		}
	}
	if c != 0 {
		add(x0, -(a*x0+d)/c)
		add(x1, -(a*x1+d)/c)
	}
	if a != 0 {
		add(-(c*y0+d)/a, y0)
		add(-(c*y1+d)/a, y1)
	}
	if len(pts) < 4 {
		return nil
	}
	return pts
}
