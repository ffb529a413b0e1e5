package main

// train.go — the training loop: gradient descent as in the post, step by step.
//
// The post's loop, for every step: forward pass, loss, backward pass, add the L2 part to the weight
// gradients, move every parameter against its gradient, and print the loss every 500 steps. Train below
// does exactly that, in that order. The one thing it adds is speed: the rows of the batch are cut into
// fixed chunks that are processed in parallel and whose gradients are then added up (see trainer).

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
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

// chunkRows is how many rows of a batch one parallel piece of work takes. It is fixed, not derived from
// the number of cores, so that the gradient sums — which are added chunk by chunk, in chunk order — are
// the same bits on any machine. 1024 rows keep a chunk's buffers in the processor's cache.
const chunkRows = 1024

// Train runs cfg.Steps steps of gradient descent on net over the training set (x [N x D], y [N x K]),
// printing "Loss at step S: X" to out every cfg.Every steps. With cfg.RecordLoss it returns the loss of
// every step (for the loss curve of -plot). It returns an error if the loss stops being finite.
func Train(net *Network, x, y *Matrix, cfg Config, out io.Writer) (losses []float64, err error) {
	t := newTrainer(net, x, y, cfg.Batch)
	defer t.close()
	for step := 0; step < cfg.Steps; step++ {
		printLoss := step%cfg.Every == 0
		wantLoss := printLoss || cfg.RecordLoss
		// forward pass, loss and backward pass over this step's batch, chunk by chunk in parallel
		t.computeGradients(step, wantLoss)
		// loss = cross_entropy_softmax_loss_array(...) + regularization_L2_softmax_loss(...)
		// Computed only on the steps that need it: nothing else depends on it.
		loss := 0.0
		if wantLoss {
			loss = t.dataLoss() + net.L2Loss(cfg.RegLambda)
		}
		if cfg.RecordLoss {
			losses = append(losses, loss)
		}
		for l := range net.W {
			// gradient_layer_weights += reg_lambda * layer_weights    ∂(½·λ·ΣW²)/∂W = λ·W
			AddScaledInto(t.gradW[l], t.gradW[l], cfg.RegLambda, net.W[l]) // [size[l] x size[l+1]]
			// layer_weights -= learning_rate * gradient_layer_weights
			AddScaledInto(net.W[l], net.W[l], -cfg.LearningRate, t.gradW[l]) // [size[l] x size[l+1]]
			// layer_biases -= learning_rate * gradient_layer_bias
			AddScaledInto(net.B[l], net.B[l], -cfg.LearningRate, t.gradB[l]) // [1 x size[l+1]]
		}
		if printLoss {
			if notFinite(loss) {
				return nil, divergedError(step, cfg.LearningRate)
			}
			fmt.Fprintf(out, "%s at step %d: %s\n", cfg.LossLabel, step, formatFloat(loss))
		}
		if !net.finite() {
			// The next step's loss would be NaN or ±Inf.
			return nil, divergedError(step+1, cfg.LearningRate)
		}
	}
	return losses, nil
}

func divergedError(step int, lr float64) error {
	return fmt.Errorf("the loss is no longer finite at step %d: training diverged; try a smaller -lr (now %v)", step, lr)
}

// notFinite reports whether x is ±Inf or NaN.
func notFinite(x float64) bool { return math.IsInf(x, 0) || math.IsNaN(x) }

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

// formatFloat formats x in the shortest form that reads back as the same float64 — the digits Python's
// repr (and so the post's numpy code under Python 3) prints.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

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

// trainer holds what the training loop reuses from step to step: one Pass per chunk of the batch, the
// summed gradients, and a team of goroutines.
//
// Speed trick, and the plain version it equals: the plain step runs Forward and Backward once over the
// whole batch. Here the batch is cut into chunks of chunkRows rows; each chunk runs the same Forward and
// Backward on its own rows (Backward divides by the whole batch's size), and the chunks' gradients are
// added in chunk order. Every gradient is a sum over rows, so the result is the same sum grouped by chunk:
// equal up to rounding in the last bits (TestChunkedGradientsEqualWholeBatch), and the same bits for any
// number of goroutines, because the chunks and the order of the additions are fixed.
type trainer struct {
	net      *Network
	x, y     *Matrix   // the whole training set
	batch    int       // rows per step
	passes   []*Pass   // passes[c]: chunk c of the batch
	lossSums []float64 // lossSums[c]: chunk c's Σ −log p, on steps that print the loss
	gradW    []*Matrix // ∂L/∂W[l], summed over chunks (then + λ·W)
	gradB    []*Matrix // ∂L/∂B[l], summed over chunks
	wantLoss bool      // this step computes the loss
	team     *team
	runChunk func(c int) // t.chunk, made once so team.run allocates nothing
}

func newTrainer(net *Network, x, y *Matrix, batch int) *trainer {
	n := x.rows
	if batch == 0 {
		batch = n
	}
	sizes := net.Sizes()
	t := &trainer{net: net, x: x, y: y, batch: batch}
	for lo := 0; lo < batch; lo += chunkRows {
		t.passes = append(t.passes, NewPass(sizes, min(chunkRows, batch-lo)))
	}
	t.lossSums = make([]float64, len(t.passes))
	for l := range net.W {
		t.gradW = append(t.gradW, NewMatrix(net.W[l].rows, net.W[l].cols))
		t.gradB = append(t.gradB, NewMatrix(1, net.B[l].cols))
	}
	t.team = newTeam(min(runtime.GOMAXPROCS(0), len(t.passes)))
	t.runChunk = t.chunk
	return t
}

func (t *trainer) close() { t.team.close() }

// computeGradients runs Forward and Backward over step's batch, chunk by chunk in parallel, and adds the
// chunks' gradients into t.gradW and t.gradB in chunk order.
func (t *trainer) computeGradients(step int, wantLoss bool) {
	offset := BatchOffset(step, t.batch, t.x.rows)
	for c, p := range t.passes {
		lo := offset + c*chunkRows
		hi := lo + p.OutputProbs.rows
		RowsViewInto(&p.X, t.x, lo, hi) // [chunk x D]
		RowsViewInto(&p.Y, t.y, lo, hi) // [chunk x K]
	}
	t.wantLoss = wantLoss
	t.team.run(len(t.passes), t.runChunk)
	for l := range t.gradW {
		copy(t.gradW[l].data, t.passes[0].GradW[l].data)
		copy(t.gradB[l].data, t.passes[0].GradB[l].data)
		for _, p := range t.passes[1:] {
			AddInto(t.gradW[l], t.gradW[l], p.GradW[l])
			AddInto(t.gradB[l], t.gradB[l], p.GradB[l])
		}
	}
}

// chunk is one piece of parallel work: the forward and backward pass over chunk c.
func (t *trainer) chunk(c int) {
	p := t.passes[c]
	t.net.Forward(p)
	if t.wantLoss {
		t.lossSums[c] = CrossEntropySum(p.OutputLayer, &p.Y)
	}
	t.net.Backward(p, t.batch)
}

// dataLoss returns this step's mean cross-entropy over the batch: the chunks' sums, added in chunk order,
// divided by the batch size.
func (t *trainer) dataLoss() float64 {
	sum := 0.0
	for _, s := range t.lossSums {
		sum += s
	}
	return sum / float64(t.batch)
}
