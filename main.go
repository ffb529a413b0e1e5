// Command nnfromscratch is the neural network of the blog post "Building a Neural Network from Scratch in
// Python and in TensorFlow", rebuilt in plain Go so that a learner can follow — and check — every step.
//
// With no flags, `go run .` does what the post does and prints what the post prints: it draws the post's
// three Gaussian clusters from numpy's own random stream (seed 12), splits them as scikit-learn does,
// trains the 2 → 5 (ReLU) → 3 (softmax) network by full-batch gradient descent for 5001 steps, prints the
// loss every 500 steps and then the test accuracy — the same numbers as the post's numpy code, because
// every random draw and every arithmetic step is the same.
//
// What it is: a clear reference. float64 throughout, the standard library only, one small matrix type,
// names taken from the post, and tests that check each piece against hand-worked values and against
// numpy's own figures.
//
// What it is not: a deep-learning framework. There is no automatic differentiation, no GPU, no model zoo;
// the gradient of each layer is written out by hand as the post derives it.
//
// The files, from the bottom up: matrix.go (the matrix type), data.go (random numbers, data sets, the
// split, files of numbers), network.go (forward pass, loss, the local derivatives), train.go (the
// training step, the loop, and the table of the step's values that every view reads), main.go (this
// file: the command line, and everything it shows and writes). No file uses a name defined in a file
// above it, but for one: data.go's model files save and rebuild a Network.
//
// This file, in reading order (each section's lead function, and its size):
//
//  1. The default path — run, runWith: flags in, the experiment built, trained, reported (~170 lines).
//  2. Flags — newFlagSet, parseFlags, validate: every flag, its default and its one-line error (~350).
//  3. The modes — explainStep (-explain), gradientCheckReport (-gradcheck), votesReport (-votes),
//     checkPort (-check), predictWith (-predict): each prints rows of the step's table (~330).
//  4. Pictures written — writePlots: -plot's four files, drawn by train.go's "Pictures" (~65).
//  5. The live view — serve, then live.state (the run and its command line), live.frame (what the
//     page is sent), liveRun.explain (the audit) and live.handler (the HTTP answers) (~910).
package main

import (
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ===================================================================================================
// 1. The default path.
// ===================================================================================================

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // something went wrong while running: a bad file, a diverging run, a port in use
	exitUsage = 2 // the command line itself is wrong
)

// run is the whole program: it parses args, runs, writes results to stdout and messages to stderr, and
// returns the exit status. Every problem a user can cause ends in one line on stderr. A panic is a bug
// in the program, not something a user caused; it too ends in one line (with the panic's message, which
// names the shapes involved), not a stack trace.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "nn: internal error, a bug in this program (please report it with the command line): %v\n", p)
			code = exitError
		}
	}()
	opts, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err == nil {
		opts.stdin, opts.args = stdin, args
		for _, w := range opts.warnings {
			fmt.Fprintf(stderr, "nn: warning: %s\n", w)
		}
		err = runWith(opts, stdout, stderr)
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "nn: %v\n", err)
	if errors.As(err, new(usageError)) {
		return exitUsage
	}
	return exitError
}

// runWith does the work for parsed options: make the data and the network, then train it (or explain,
// check or port-check its first step), report the test accuracy, and write what was asked for. Every
// output is checked before any work, and none may be an input or another output of the same run.
func runWith(opts options, stdout, stderr io.Writer) error {
	if opts.load != "" {
		return predictWith(opts, stdout, stderr)
	}
	if opts.serve != "" {
		return serve(opts, stdout, stderr)
	}
	outs, err := checkOutputs(opts)
	if err != nil {
		return err
	}
	warn := func(msg string) { fmt.Fprintf(stderr, "nn: warning: %s\n", msg) }
	ex, err := newExperiment(opts.Setup, warn)
	if err != nil {
		return err
	}
	var view plane
	if opts.plot != "" {
		if view, err = ex.plane(opts.plotFeatures); err != nil {
			return err
		}
	}
	fmt.Fprint(stdout, dataLines(ex))
	switch {
	case opts.explain:
		return explainStep(stdout, ex.net, ex.train, ex.cfg, opts.explainRows)
	case opts.gradcheck:
		return gradientCheckReport(stdout, ex.net, ex.train, ex.cfg)
	case opts.votes != "":
		return votesReport(stdout, opts.votes, ex)
	case opts.check != "":
		return checkPort(stdout, opts.check, ex)
	}

	hint := ex.divergenceHint() // what to say if training diverges, judged from where it starts
	losses, err := Train(ex.net, ex.train.X, ex.train.Y, ex.cfg, stdout)
	if errors.As(err, new(*DivergedError)) {
		return fmt.Errorf("%v; %s", err, hint)
	}
	if err != nil {
		return err
	}
	testProbs := ex.net.Predict(ex.test.X)
	fmt.Fprint(stdout, accuracyLine(testProbs, ex.test.Y))

	if opts.plot != "" {
		if err := writePlots(outs, opts.plot, ex, view, losses, testProbs, stdout); err != nil {
			return err
		}
	}
	if opts.save != "" {
		model := NewModel(ex.net, ex.rawTrain, ex.inputs, ex.st)
		if err := writeFileAtomic(outs[opts.save], func(w io.Writer) error { return writeJSON(w, model) }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Model saved to %s\n", opts.save)
	}
	return nil
}

// checkOutputs checks every file this run will write — -save's model and -plot's pictures, keyed by
// their paths — and that none is an input or another output.
func checkOutputs(o options) (map[string]outputFile, error) {
	var paths []string
	if o.save != "" {
		paths = append(paths, o.save)
	}
	mkdir := ""
	if o.plot != "" {
		var err error
		if mkdir, err = checkPlotDir(o.plot); err != nil {
			return nil, err
		}
		for _, name := range plotNames {
			paths = append(paths, filepath.Join(o.plot, name))
		}
	}
	type file struct{ flag, path, target string }
	var files []file
	if o.data != "" && o.data != "-" {
		if target, err := resolve(o.data, 0); err == nil {
			files = append(files, file{"-data", o.data, target})
		}
	}
	outs := map[string]outputFile{}
	for _, p := range paths {
		folder := ""
		if p != o.save {
			folder = mkdir
		}
		out, err := checkOutput(p, folder)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if sameFile(f.target, out.target) {
				return nil, usagef("cannot write %s: it is the same file as %s %s; choose another name", p, f.flag, f.path)
			}
		}
		files = append(files, file{"-save", p, out.target})
		if p != o.save {
			files[len(files)-1].flag = "-plot's"
		}
		outs[p] = out
	}
	return outs, nil
}

// dataLines are the lines a run on a CSV file starts with: the file, its rows and features; its classes.
func dataLines(ex *experiment) string {
	if ex.opts.data == "" {
		return ""
	}
	return fmt.Sprintf("Data: %s, %d training and %d test rows, %d features: %s\nClasses: %s\n", ex.opts.data, ex.train.X.rows, ex.test.X.rows,
		len(ex.train.Features), shortList(namesText(ex.train.Features), 10), shortList(numbered(namesText(ex.train.Classes)), 10))
}

// accuracyLine is the line training ends with: "Test accuracy: 96.4%" (post: the accuracy function's
// 100.0 * correct / N).
func accuracyLine(probs, y *Matrix) string {
	acc, _ := Accuracy(probs, y)
	return fmt.Sprintf("Test accuracy: %s%%\n", formatFloat(acc))
}

// ===================================================================================================
// 2. Flags.
// ===================================================================================================

// options are the command-line settings, with the post's values as defaults: what the run starts from
// (Setup, train.go), and what the program does with it.
type options struct {
	Setup
	noiseText    string            // -noise as given; "" for the generator's own
	featuresText string            // -features as given: "x1,x2,x1²"
	explain      bool              // print every value of step 0 instead of training
	explainRows  int               // how many rows of a tall matrix -explain shows
	gradcheck    bool              // compare backprop with finite differences instead of training
	votes        string            // show every row's vote on this parameter's gradient instead of training
	check        string            // compare a learner's port, saved by numpy, with this run instead of training
	save         string            // write the trained model here
	load         string            // read a model from here (with -predict)
	predict      string            // a CSV file to predict with -load's model
	plotFeatures string            // the two features the pictures show: "1,2", or names; "" for the best pair
	serve        string            // the address of the live view, or ""
	plot         string            // a folder to write the pictures into
	args         []string          // the command line, for the live view's page settings
	warnings     []string          // flags given that this mode ignores, said on stderr
	given        [][2]string       // the flags given, in order, at values other than their defaults (a preset standing for its own)
	values       map[string]string // every flag's value, presets applied
}

// presets are named sets of flag values. A flag given on the command line wins over its preset value.
var presets = map[string]map[string]string{
	// The post's second model, in TensorFlow: minibatches of 100, truncated-normal weights, no L2,
	// 10001 steps, the minibatch loss printed every 1000.
	"tensorflow": {"batch": "100", "steps": "10001", "lr": "0.01", "reg": "0", "init": "truncated", "every": "1000"},
}

// decimal is a whole-number flag read in base 10, as the post's Python reads numbers: "010" is ten. (The
// flag package's own integers take 010 for octal 8 and 0x10 for 16.)
type decimal[T int | int64] struct{ p *T }

func (d decimal[T]) String() string {
	if d.p == nil {
		return "0"
	}
	return strconv.FormatInt(int64(*d.p), 10)
}

func (d decimal[T]) Set(s string) error {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	*d.p = T(v)
	return err
}

// newFlagSet defines every flag on o, with the post's values as defaults.
func newFlagSet(o *options) *flag.FlagSet {
	*o = options{Setup: Setup{seed: 12, observations: 5000, hiddenText: "5", testSize: 0.1, init: "normal", dataset: "post", noise: -1, activation: "relu",
		train: Config{LearningRate: 0.01, RegLambda: 0.01, Steps: 5001, Every: 500, LossLabel: "Loss"}}, explainRows: 5}
	fs := flag.NewFlagSet("nnfromscratch", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by the caller, in one line
	fs.Usage = func() {}
	fs.Var(decimal[int64]{&o.seed}, "seed", "random seed, as np.random.seed(`n`): 0 to 4294967295")
	fs.Var(decimal[int]{&o.observations}, "observations", "`n` points per class (post: num_observations): 1 to "+strconv.Itoa(maxObservations))
	fs.StringVar(&o.hiddenText, "hidden", o.hiddenText, "hidden layer `sizes`, comma-separated: 5 (the post) or 16,8, each 1 to "+strconv.Itoa(maxHidden)+"; none for no hidden layer (the softmax linear classifier)")
	fs.StringVar(&o.dataset, "dataset", o.dataset, "which made-up data, by `name`: post (the post's three clusters), "+strings.Join(keys(Generators), ", "))
	fs.StringVar(&o.noiseText, "noise", "", "the -dataset generator's `noise`, 0 to 100: "+noiseHelp()+" (default: the value in brackets)")
	fs.Float64Var(&o.train.LearningRate, "lr", o.train.LearningRate, "learning `rate` (post: learning_rate), > 0")
	fs.Float64Var(&o.train.RegLambda, "reg", o.train.RegLambda, "L2 regularization strength `lambda` (post: reg_lambda), ≥ 0")
	fs.Float64Var(&o.train.L1Lambda, "l1", 0, "L1 regularization strength `lambda1`, ≥ 0: adds λ₁·Σ|W| to the loss and λ₁·sign(W) to each weight's gradient (the post has none: 0)")
	fs.StringVar(&o.featuresText, "features", "x1,x2", "for two-feature data, the network's `inputs`, made from the features x1, x2 before -standardize, comma-separated, of: "+crossNames()+" (TensorFlow Playground's; x1^2, x2^2, x1*x2 accepted)")
	fs.StringVar(&o.activation, "activation", o.activation, "the hidden layers' activation, by `name`: "+strings.Join(Activations, ", ")+" (relu is the post's)")
	fs.Var(decimal[int]{&o.train.Steps}, "steps", "`n` gradient descent steps (post: 5001): 0 to "+strconv.Itoa(maxSteps))
	fs.Var(decimal[int]{&o.train.Every}, "every", "print the loss every `n` steps (post: 500): 1 or more")
	fs.Float64Var(&o.testSize, "test-size", o.testSize, "`fraction` of the data held out for testing, between 0 and 1")
	fs.Var(decimal[int]{&o.train.Batch}, "batch", "`rows` per step, 0 to the number of training rows: 0 for all of them (the post's numpy model), 100 for its TensorFlow model")
	fs.StringVar(&o.init, "init", o.init, "how weights start, by `name`: "+strings.Join(keys(Initializers), ", "))
	fs.BoolVar(&o.explain, "explain", false, "print every value of training step 0 — inputs, layers, loss, error signals, gradients, updated weights — and stop")
	fs.Var(decimal[int]{&o.explainRows}, "explain-rows", "`n` rows shown of each tall matrix by -explain: 1 or more")
	fs.BoolVar(&o.gradcheck, "gradcheck", false, fmt.Sprintf("compare backprop's gradients with central differences on step 0's data (at most %d entries of each array), and stop (exit 1 if any relative error > 1e-6)", maxGradChecks))
	fs.StringVar(&o.votes, "votes", "", "show every training row's vote on one parameter's gradient at step -steps (default 0), by `name`: W1[0][3] (layer1_weights_array[0][3]) or b2[1] (layer2_biases_array[0][1]), and stop")
	fs.StringVar(&o.data, "data", "", "train on a CSV `file` of numeric feature columns and a label column, instead of the post's clusters (- for standard input)")
	fs.Var(decimal[int]{&o.label}, "label", "the label's `column` in -data and -predict files, counted from 1 (0, the default: the last)")
	fs.BoolVar(&o.standardize, "standardize", false, "z-score every feature with the training rows' mean and standard deviation")
	fs.StringVar(&o.save, "save", "", "after training, write the model (weights, names, scaling) to this JSON `file`")
	fs.StringVar(&o.load, "load", "", "read a model `file` written by -save (use with -predict)")
	fs.StringVar(&o.predict, "predict", "", "with -load: predict the rows of this CSV `file` (- for standard input), one CSV row of class and probabilities each on stdout")
	fs.StringVar(&o.plot, "plot", "", "after training, write data.svg, predictions.svg, regions.svg and loss.svg into this `folder` (made if missing)")
	fs.StringVar(&o.plotFeatures, "plot-features", "", "the two `features` the pictures show, by number from 1 or by header name: 3,4 or petal_length,petal_width (default: the pair that separates the classes best)")
	fs.StringVar(&o.preset, "preset", "", "a named set of flags, by `name`: "+strings.Join(keys(presets), ", ")+" (flags given explicitly win)")
	fs.StringVar(&o.check, "check", "", "compare the arrays your port of the post saved at one step (an np.savez `file`, .npy or JSON) with that step of this run, value by value, and stop: "+portRule+" (exit 1 if any differs)")
	fs.StringVar(&o.serve, "serve", "", "watch training in a browser: serve the live view at this `address` (host:port, such as localhost:8080; loopback when the host is left out) until Ctrl-C")
	return fs
}

// Largest sizes the flags accept. Larger ones are refused before anything is made; within them, a run
// that would need more memory than the machine has is refused too (checkMemory).
const (
	maxObservations = 100_000_000
	maxHidden       = 100_000
	maxSteps        = 1_000_000_000
)

// flagRule says what one flag accepts: ok checks the parsed value, want says it in words.
type flagRule struct {
	name string
	want string
	ok   func(o *options) bool
}

// flagRules are the checks validate makes, one per flag that can hold a wrong value.
var flagRules = []flagRule{
	{"seed", "a whole number from 0 to 4294967295, as np.random.seed accepts", func(o *options) bool { return o.seed >= 0 && o.seed <= math.MaxUint32 }},
	{"observations", fmt.Sprintf("a whole number from 1 to %d", maxObservations), func(o *options) bool { return o.observations >= 1 && o.observations <= maxObservations }},
	{"hidden", fmt.Sprintf("hidden layer sizes as whole numbers from 1 to %d, comma-separated, such as 5 or 16,8; or none", maxHidden), func(o *options) bool {
		o.hidden = nil
		if strings.TrimSpace(o.hiddenText) == "none" {
			return true // no hidden layer: the softmax linear classifier
		}
		for _, part := range strings.Split(o.hiddenText, ",") {
			h, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
			if err != nil || h < 1 || h > maxHidden {
				return false
			}
			o.hidden = append(o.hidden, int(h))
		}
		return true
	}},
	{"lr", "a finite number > 0", func(o *options) bool { return o.train.LearningRate > 0 && !notFinite(o.train.LearningRate) }},
	{"reg", "a finite number ≥ 0", func(o *options) bool { return o.train.RegLambda >= 0 && !notFinite(o.train.RegLambda) }},
	{"l1", "a finite number ≥ 0", func(o *options) bool { return o.train.L1Lambda >= 0 && !notFinite(o.train.L1Lambda) }},
	{"steps", fmt.Sprintf("a whole number from 0 to %d", maxSteps), func(o *options) bool { return o.train.Steps >= 0 && o.train.Steps <= maxSteps }},
	{"every", "a whole number ≥ 1", func(o *options) bool { return o.train.Every >= 1 }},
	{"test-size", "a fraction strictly between 0 and 1, such as 0.1", func(o *options) bool { return o.testSize > 0 && o.testSize < 1 }},
	{"batch", "a whole number ≥ 0", func(o *options) bool { return o.train.Batch >= 0 }},
	{"init", "one of: " + strings.Join(keys(Initializers), ", "), func(o *options) bool { return Initializers[o.init] != nil }},
	{"activation", "one of: " + strings.Join(Activations, ", "), func(o *options) bool { return slices.Contains(Activations, o.activation) }},
	{"dataset", "one of: post, " + strings.Join(keys(Generators), ", "), func(o *options) bool { _, ok := Generators[o.dataset]; return ok || o.dataset == "post" }},
	{"noise", "a number from 0 to 100", func(o *options) bool {
		o.noise = -1
		if o.noiseText == "" {
			return true
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(o.noiseText), 64)
		o.noise = v
		return err == nil && v >= 0 && v <= 100
	}},
	{"explain-rows", "a whole number ≥ 1", func(o *options) bool { return o.explainRows >= 1 }},
	{"label", "a whole number ≥ 0", func(o *options) bool { return o.label >= 0 }},
	{"preset", "one of: " + strings.Join(keys(presets), ", "), func(o *options) bool { return o.preset == "" || presets[o.preset] != nil }},
}

// fileFlags name files, folders or an address: given, they may not be empty, and only -data and
// -predict read standard input as "-".
var fileFlags = map[string]string{"data": "a CSV file, or - for standard input", "predict": "a CSV file, or - for standard input",
	"save": "a file name", "load": "a model file written by -save", "plot": "a folder", "serve": "an address such as localhost:8080",
	"check": "an .npz, .npy or .json file"}

// parseFlags reads the command line into options. -h prints the flags and their defaults to out and
// returns flag.ErrHelp. Any other problem is returned as a one-line usage error naming the flag and
// what it accepts.
func parseFlags(args []string, out io.Writer) (options, error) {
	var o options
	fs := newFlagSet(&o)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(fs, out)
			return o, err
		}
		return o, usageError{explainFlagError(err)}
	}
	if fs.NArg() > 0 {
		hint := "this program takes only flags (see -h)"
		if v := fs.Arg(0); v == "true" || v == "false" {
			hint = "a true/false flag takes its value after =, as in -standardize=" + v
		}
		return o, usagef("unexpected argument %s: %s", quoteText(fs.Arg(0)), hint)
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) {
		given[f.Name] = true
		if v := f.Value.String(); v != f.DefValue {
			o.given = append(o.given, [2]string{f.Name, v})
		}
	})
	for _, name := range keys(fileFlags) {
		v := fs.Lookup(name).Value.String()
		if given[name] && (v == "" || v == "-" && name != "data" && name != "predict") {
			return o, usagef("invalid value %q for flag -%s: want %s", v, name, fileFlags[name])
		}
	}
	first := map[string]int{} // the command line's order, for o.given
	for i := len(args) - 1; i >= 0; i-- {
		name, _, _ := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		first[name] = i
	}
	sort.SliceStable(o.given, func(a, b int) bool { return first[o.given[a][0]] < first[o.given[b][0]] })
	if o.votes != "" && !given["steps"] {
		o.train.Steps = 0 // -votes looks at step 0 unless told otherwise
	}
	o.warnings = ignoredFlags(&o, given)
	o.byPreset = map[string]bool{}
	for name, v := range presets[o.preset] {
		if !given[name] {
			o.byPreset[name] = true
			if err := fs.Set(name, v); err != nil {
				panic(fmt.Sprintf("preset %s: %v", o.preset, err)) // a bad preset table is a bug
			}
		}
	}
	o.train.RecordLoss = o.plot != "" || o.serve != "" // the loss curve wants every step's loss
	o.values = map[string]string{}
	fs.VisitAll(func(f *flag.Flag) { o.values[f.Name] = f.Value.String() })
	return o, validate(&o, fs)
}

// validate checks every flag's value against flagRules, and the combinations of flags.
func validate(o *options, fs *flag.FlagSet) error {
	for _, r := range flagRules {
		if !r.ok(o) {
			return usagef("invalid value %s for flag -%s: want %s", quoteText(fs.Lookup(r.name).Value.String()), r.name, r.want)
		}
	}
	var err error
	if o.features, err = ParseFeatures(o.featuresText); err != nil { // its message names the item that is wrong
		return err
	} else if slices.Equal(o.features, []string{"x1", "x2"}) {
		o.features = nil // the two features as they are
	}
	switch {
	case o.check != "" && (o.save != "" || o.plot != "" || o.explain || o.gradcheck || o.serve != "" || o.load != ""):
		return usagef("-check compares one step with your file and stops; it cannot be combined with -save, -plot, -explain, -gradcheck, -serve or -load")
	case o.predict != "" && o.load == "":
		return usagef("-predict needs -load MODEL: the model to predict with")
	case o.load != "" && o.predict == "":
		return usagef("-load needs -predict FILE: the rows to predict")
	case o.load != "" && (o.data != "" || o.save != "" || o.plot != "" || o.explain || o.gradcheck):
		return usagef("-load -predict only predicts; it cannot be combined with -data, -save, -plot, -explain or -gradcheck")
	case o.explain && o.gradcheck, o.votes != "" && (o.explain || o.gradcheck || o.check != ""):
		return usagef("-explain, -gradcheck, -votes and -check are separate modes: choose one")
	case o.votes != "" && (o.save != "" || o.plot != "" || o.serve != "" || o.load != ""):
		return usagef("-votes looks at one step and stops, before there is a model to -save or -plot; it cannot be combined with -serve or -load")
	case o.data != "" && o.dataset != "post":
		return usagef("-data and -dataset both choose the data: give one of them")
	case (o.explain || o.gradcheck) && (o.save != "" || o.plot != ""):
		return usagef("-explain and -gradcheck stop after step 0, before there is a model to -save or -plot")
	case o.serve != "" && o.data == "-":
		return usagef("-serve reads -data again on every reset: give a file, not standard input")
	case o.serve != "" && (o.load != "" || o.save != "" || o.plot != "" || o.explain || o.gradcheck):
		return usagef("-serve trains in the browser; it cannot be combined with -load, -save, -plot, -explain or -gradcheck")
	}
	return nil
}

// trainingFlags are the flags that shape training, which -load -predict does not do.
var trainingFlags = []string{"seed", "observations", "hidden", "lr", "reg", "steps", "every", "test-size", "batch", "init", "preset", "standardize", "explain-rows", "dataset", "noise", "activation", "l1", "features"}

// ignoredFlags returns a warning for each flag given that the chosen mode does not use, so that a user
// who meant it to matter is told.
func ignoredFlags(o *options, given map[string]bool) []string {
	var warnings []string
	ignored := func(names []string, why string) {
		var found []string
		for _, n := range names {
			if given[n] {
				found = append(found, "-"+n)
			}
		}
		if len(found) > 0 {
			warnings = append(warnings, fmt.Sprintf("ignoring %s: %s", strings.Join(found, ", "), why))
		}
	}
	switch {
	case o.load != "":
		ignored(trainingFlags, "-load -predict only predicts, with the model as it was trained")
	case o.data != "":
		ignored([]string{"observations", "noise"}, "they shape made-up data, and -data reads its examples from the file")
	case o.dataset == "post":
		ignored([]string{"noise"}, "the post's clusters have no noise setting; -dataset chooses data that do")
	}
	if o.load == "" && o.data == "" {
		ignored([]string{"label"}, "it picks the label column of a -data or -predict file")
	}
	if !o.explain {
		ignored([]string{"explain-rows"}, "it applies to -explain")
	}
	if o.plot == "" && o.serve == "" {
		ignored([]string{"plot-features"}, "it chooses what -plot and -serve draw")
	}
	if o.explain || o.gradcheck {
		ignored([]string{"steps", "every"}, "-explain and -gradcheck look at step 0 only")
	} else if o.votes != "" {
		ignored([]string{"every"}, "-votes prints no losses")
	}
	if o.check != "" {
		ignored([]string{"steps", "every"}, "-check trains to the step your file was saved at")
	}
	return warnings
}

// explainFlagError rewrites the flag package's messages: "invalid value "x" for flag -lr: parse error"
// says what the flag accepts, and an unknown flag points to -h.
func explainFlagError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return fmt.Errorf("there is no flag %s (go run . -h lists them)", quoteText(name))
	}
	for _, r := range flagRules {
		if prefix := "for flag -" + r.name + ": "; strings.Contains(msg, prefix) {
			return errors.New(msg[:strings.Index(msg, prefix)+len(prefix)] + "want " + r.want)
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok { // invalid boolean value "x" for -explain: parse error
		value, flagName, _ := strings.Cut(rest, " for -")
		flagName, _, _ = strings.Cut(flagName, ":")
		return fmt.Errorf("invalid value %s for flag -%s: want -%s alone, or -%s=true or -%s=false", value, flagName, flagName, flagName, flagName)
	}
	return errors.New(msg)
}

// noiseHelp says, for -h, what -noise means to each generator, and its default there.
func noiseHelp() string {
	var parts []string
	for _, name := range keys(Generators) {
		g := Generators[name]
		parts = append(parts, fmt.Sprintf("for %s %s [%v]", name, g.About, g.Noise))
	}
	return strings.Join(parts, "; ")
}

// keys returns a map's keys in sorted order.
func keys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// printUsage writes -h's text: what the program is, two examples, every flag with its range and
// default, and the exit statuses.
func printUsage(fs *flag.FlagSet, out io.Writer) {
	name := programName(os.Args[0])
	fmt.Fprintf(out, "Usage: %s [flags]\n", name)
	fmt.Fprintln(out, "The post's neural network in plain Go. With no flags it prints the post's losses and test accuracy.")
	fmt.Fprintln(out, "\nExamples:")
	fmt.Fprintf(out, "  %s -preset tensorflow                 the post's second model: minibatches of 100, 10001 steps\n", name)
	fmt.Fprintf(out, "  %s -data testdata/iris.csv -standardize -init he -hidden 32 -lr 0.5 -steps 3000 -save iris.json\n", name)
	fmt.Fprintln(out, "\nFlags (numbers are read in decimal, as Python reads them: 010 is ten):")
	fs.SetOutput(out)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprintln(out, "\nExit status: 0 when all went well; 1 when something went wrong while running (a bad file, a diverging")
	fmt.Fprintln(out, "run, a port in use); 2 when the command line is wrong; 130 or 143 when SIGINT or SIGTERM stopped a")
	fmt.Fprintln(out, "write (the file is left as it was). go run itself reports any failure as 1.")
}

// programName is the program's name as it was run, from its path (os.Args[0]): "go run ." when go run
// built it — in a temporary go-build folder, or, from the second run on, in Go's build cache, in a folder
// named by a 64-digit hash and "-d" — else the name of the binary ("nn" when built with go build -o nn).
func programName(path string) string {
	dir := filepath.Base(filepath.Dir(path))
	if strings.Contains(path, "go-build") || len(dir) == 66 && strings.HasSuffix(dir, "-d") && strings.Trim(dir[:64], "0123456789abcdef") == "" {
		return "go run ."
	}
	return filepath.Base(path)
}

// ===================================================================================================
// 3. The modes: -explain (every value of step 0), -gradcheck, -votes, -check, -predict.
// ===================================================================================================

// explainStep runs training step 0 of cfg on train — the same Trainer.Next and Step.Run that training
// runs, on the same batch — and prints the step's table of values (Step.Values) in the post's order: the
// formula in the post's numpy and in our Go, the shape, and the numbers. Small matrices (weights,
// biases, gradients) are printed whole; tall ones (one row per example) show their first `rows` rows.
// Numbers are in shortest round-trip form, so each can be compared digit for digit with the post's
// numpy code, and with what training prints and saves: they are the very numbers training computes.
func explainStep(out io.Writer, net *Network, train *Dataset, cfg Config, rows int) error {
	t := NewTrainer(net, train.X, train.Y, cfg)
	start := net.Clone() // the weights the step starts from; net is updated by the step
	if err := t.Next(true); err != nil {
		return err
	}
	fmt.Fprintf(out, "Step 0, explained: network %s, %d training rows in this step, learning_rate %v, %s.\n",
		netString(net), t.Batch, cfg.LearningRate, regString(cfg))
	fmt.Fprintf(out, "Each block: the post's numpy, then our Go, the shape, and the values.\n")
	for _, v := range t.S.Values(start, net) {
		if v.Units < 0 { // a loss: one number
			fmt.Fprintf(out, "\n%s\n    ours: %s\n    %s\n", v.Post, v.Ours, formatFloat(v.M.At(0, 0)))
			continue
		}
		r, c := v.M.Dims()
		shown, note := r, ""
		if v.Rows && r > rows {
			shown, note = rows, fmt.Sprintf(", first %d rows shown (%d more not shown)", rows, r-rows)
		}
		fmt.Fprintf(out, "\n%s\n    ours: %s\n    [%d x %d]%s\n", v.Post, v.Ours, r, c, note)
		for i := 0; i < shown; i++ {
			fmt.Fprintf(out, "    [%s]\n", strings.Join(formatAll(v.M.Row(i)), " "))
		}
	}
	return nil
}

// formatAll formats every number of v as formatFloat does.
func formatAll(v []float64) []string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatFloat(x)
	}
	return s
}

// sizesString writes layer sizes as 2 → 5 → 3.
func sizesString(sizes []int) string {
	parts := make([]string, len(sizes))
	for i, s := range sizes {
		parts[i] = strconv.Itoa(s)
	}
	return strings.Join(parts, " → ")
}

// netString writes a network's sizes as 2 → 5 → 3, and its activation after them unless it is the
// post's ReLU: 2 → 5 → 3 (tanh).
func netString(net *Network) string {
	if a := net.activation(); a != "relu" {
		return sizesString(net.Sizes()) + " (" + a + ")"
	}
	return sizesString(net.Sizes())
}

// regString writes the regularization: reg_lambda 0.01, and l1_lambda 0.001 after it with -l1.
func regString(cfg Config) string {
	if cfg.L1Lambda != 0 {
		return fmt.Sprintf("reg_lambda %v, l1_lambda %v", cfg.RegLambda, cfg.L1Lambda)
	}
	return fmt.Sprintf("reg_lambda %v", cfg.RegLambda)
}

// gradientCheckReport runs GradientCheck on step 0's data and prints the largest relative error of each
// parameter's gradient, by its name in the step's table. It returns an error (exit status 1) if any is
// above 1e-6, is not a number, or if no entry of an array could be checked.
func gradientCheckReport(out io.Writer, net *Network, train *Dataset, cfg Config) error {
	t := NewTrainer(net, train.X, train.Y, cfg)
	t.BatchOf(0, t.S) // step 0's batch: the first -batch rows, or all of them
	fmt.Fprintf(out, "Gradient check: backprop against central differences D(h) = (L(θ+h) − L(θ−h))/2h as (4·D(h/2) − D(h))/3, h = %v (smaller where a ReLU kink is that close),\n", gradCheckSteps[0])
	fmt.Fprintf(out, "on the %d rows of step 0, network %s, %s.\n", t.Batch, netString(net), regString(cfg))
	worst := 0.0 // max keeps a NaN, so a gradient that is not a number fails below
	for _, r := range GradientCheck(net, &t.S.X, &t.S.Y, cfg.RegLambda, cfg.L1Lambda) {
		sample := ""
		if r.Checked+r.Skipped < r.Entries {
			sample = fmt.Sprintf(" of %d, an even sample", r.Entries)
		}
		fmt.Fprintf(out, "%-24s largest relative error %.3g  (%d entries checked%s, %d skipped at %s)\n",
			r.Name, r.MaxRelErr, r.Checked, sample, r.Skipped, map[bool]string{false: "ReLU kinks", true: "kinks of ReLU or |W|"}[cfg.L1Lambda != 0])
		if r.Checked == 0 {
			return fmt.Errorf("gradient check failed: no entry of %s could be checked (every one sits at a ReLU kink)", r.Name)
		}
		worst = max(worst, r.MaxRelErr)
	}
	if !(worst <= 1e-6) {
		return fmt.Errorf("gradient check failed: largest relative error %.3g is above 1e-6", worst)
	}
	fmt.Fprintf(out, "All below 1e-6: backprop's gradients agree with the numeric ones.\n")
	return nil
}

// votesReport trains ex to step -steps and prints, for the parameter name names, how every training row
// of that step's batch votes on its gradient: the parameter, its gradient's parts from the step's table,
// the rows pushing the data part up most and down most, the rows whose vote is 0 and why, the sum per
// class, and whether the votes added as the step adds them are the data part to the bit (Step.Votes).
func votesReport(out io.Writer, name string, ex *experiment) error {
	var l, i, j int
	var kind string
	post := regexp.MustCompile(`^layer(\d+)_(weights|biases)_array\[(\d+)\]\[(\d+)\]$`).FindStringSubmatch(name)
	short := regexp.MustCompile(`^([Wb])(\d+)\[(\d+)\](?:\[(\d+)\])?$`).FindStringSubmatch(name)
	switch {
	case post != nil:
		kind, l, i, j = post[2][:1], atoi(post[1])-1, atoi(post[3]), atoi(post[4])
	case short != nil && short[1] == "W" && short[4] != "":
		kind, l, i, j = "w", atoi(short[2])-1, atoi(short[3]), atoi(short[4])
	case short != nil && short[1] == "b" && short[4] == "":
		kind, l, i, j = "b", atoi(short[2])-1, 0, atoi(short[3])
	}
	sizes := ex.net.Sizes()
	if kind == "" || l < 0 || l >= len(ex.net.W) || j < 0 || j >= sizes[l+1] || kind == "w" && (i < 0 || i >= sizes[l]) || kind == "b" && i != 0 {
		return usagef("invalid value %s for flag -votes: want a weight W1[i][j] … W%d[i][j] or a bias b1[j] … b%d[j] of the network %s (or the post's names, layer1_weights_array[i][j], layer1_biases_array[0][j])",
			quoteText(name), len(ex.net.W), len(ex.net.W), sizesString(sizes))
	}
	t := NewTrainer(ex.net, ex.train.X, ex.train.Y, ex.cfg)
	for t.Done < ex.cfg.Steps {
		if err := t.Next(false); err != nil {
			return fmt.Errorf("%v; %s", err, ex.divergenceHint())
		}
	}
	s, before, step := t.S, ex.net.Clone(), t.Done
	first := t.BatchOf(step, s)
	s.Run(ex.net, ex.cfg, true)
	label := map[string]string{"w": fmt.Sprintf("W%d[%d][%d]", l+1, i, j), "b": fmt.Sprintf("b%d[%d]", l+1, j)}[kind]
	fmt.Fprintf(out, "Votes on %s at step %d: every row of the step's batch (%d rows from row %d) adds its term to the gradient's data part.\n", label, step, t.Batch, first)
	for _, v := range s.ParamValues(before, nil, l, i, j, kind == "b", ex.cfg.RegLambda) {
		fmt.Fprintf(out, "  %-78s %s\n", v.Post, formatFloat(v.M.At(0, 0)))
	}
	terms, sum := s.Votes(l, i, j, kind == "b")
	order := make([]int, len(terms))
	for n := range order {
		order[n] = n
	}
	sort.SliceStable(order, func(a, b int) bool { return terms[order[a]] > terms[order[b]] })
	row := func(n int) string {
		k := argmax(s.Y.Row(n))
		return fmt.Sprintf("    row %d (%s; %s): %s", first+n, strings.Join(formatAll(ex.rawTrain.X.Row(first+n)), ", "), className(k, ex.all.Classes[k]), formatFloat(terms[n]))
	}
	for _, side := range []struct {
		what string
		rows []int
	}{{"up most", order[:min(5, len(order))]}, {"down most", slices.Clone(order[max(0, len(order)-5):])}} {
		if side.what == "down most" {
			slices.Reverse(side.rows) // the most negative first
		}
		fmt.Fprintf(out, "  the rows pushing it %s:\n", side.what)
		for _, n := range side.rows {
			if terms[n] != 0 && (side.what == "up most") == (terms[n] > 0) {
				fmt.Fprintln(out, row(n))
			}
		}
	}
	zero, off, dark := 0, 0, 0                                 // votes of 0; of them, where the unit is off; where the input it multiplies is 0
	mask := ex.net.activation() == "relu" && l < len(s.Hidden) // only a ReLU's mask turns a unit off; tanh, σ and linear never do
	perClass := make([]float64, len(ex.all.Classes))
	for n, v := range terms {
		perClass[argmax(s.Y.Row(n))] += v
		if v == 0 {
			zero++
			if mask && s.Hidden[l].At(n, j) <= 0 {
				off++
			} else if kind == "w" && l > 0 && s.Hidden[l-1].At(n, i) == 0 {
				dark++
			}
		}
	}
	fmt.Fprintf(out, "  %d rows vote 0", zero)
	if mask {
		fmt.Fprintf(out, ", %d of them because unit %s is off for them (the ReLU mask: error_signal_hidden is 0 there)", off, unitLabel(ex, len(ex.net.W), l+1, j))
	}
	if kind == "w" && l > 0 {
		fmt.Fprintf(out, ", %d because the unit it comes from, %s, is off for them (its input to the weight is 0)", dark, unitLabel(ex, len(ex.net.W), l, i))
	}
	fmt.Fprintf(out, "\n  the sum per class:")
	for k, v := range perClass {
		fmt.Fprintf(out, " %s: %s;", className(k, ex.all.Classes[k]), formatFloat(v))
	}
	data := s.DataGradW[l].At(i, j)
	if kind == "b" {
		data = s.GradB[l].At(0, j)
	}
	if fmt.Fprintln(out); sum == data {
		fmt.Fprintf(out, "The %d votes, added as the step adds them (each block of %d rows in order, then the blocks), are the data part to the bit: %s.\n", len(terms), sumBlock, formatFloat(sum))
		return nil
	}
	return fmt.Errorf("the votes add up to %s, the data part is %s: %d units in the last place apart", formatFloat(sum), formatFloat(data), ulps(sum, data))
}

// ulps is how many float64s lie between a and b.
func ulps(a, b float64) int64 {
	ia, ib := int64(math.Float64bits(a)), int64(math.Float64bits(b))
	if ia < 0 {
		ia = math.MinInt64 - ia
	}
	if ib < 0 {
		ib = math.MinInt64 - ib
	}
	if ia > ib {
		return ia - ib
	}
	return ib - ia
}

// checkPort runs -check FILE: it reads the arrays a learner's port of the post saved at one step
// (ReadArrays: .npz, .npy or JSON), compares them with that step of this run — the step's inputs, then
// the step replayed on the port's inputs, value by value (CheckPort, train.go) — and prints the report.
// A file it cannot use is a usage error (exit 2). When a value differs, the report ends on stderr, as
// the error "first difference: NAME" (exit 1); else on stdout, with "no difference: …".
func checkPort(out io.Writer, path string, ex *experiment) error {
	arrays, err := ReadArrays(path)
	if err != nil {
		return usageError{err}
	}
	run := PortRun{Net: ex.net, X: ex.train.X, Y: ex.train.Y, Cfg: ex.cfg, Discarded: ex.discardedDraws}
	if ex.discardedDraws > 0 && ex.opts.init == "normal" {
		// The weights a port draws when its weights cell runs another number of times: a fresh stream,
		// seeded as the run is, after the data; then 0 to 4 cells' draws discarded (the post: 2 of 25).
		rng := NewRandomState(uint32(ex.opts.seed))
		PostData(rng, ex.opts.observations, func(string) {})
		cell := 0 // the normals one run of the weights cell draws
		for _, w := range ex.net.W {
			rows, cols := w.Dims()
			cell += rows * cols
		}
		for cells := 0; cells <= 4; cells++ {
			if cells*cell == ex.discardedDraws {
				continue // ours
			}
			r := *rng
			for i := 0; i < cells*cell; i++ {
				r.NormFloat64()
			}
			run.Draws = append(run.Draws, WeightDraw{cells * cell, NewNetwork(ex.net.Sizes(), r.NormalMatrix)})
		}
	}
	report, err := CheckPort(path, arrays, run, maxSteps)
	if errors.As(err, new(*PortFileError)) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	rows := ex.cfg.Batch
	if rows == 0 {
		rows = ex.train.X.rows
	}
	fmt.Fprintf(out, "Checking %s: your port's step %d against this run's (network %s, %d rows a step, learning_rate %v, reg_lambda %v).\n",
		path, report.Step, netString(ex.net), rows, ex.cfg.LearningRate, ex.cfg.RegLambda)
	for _, line := range report.Lines {
		fmt.Fprintln(out, line)
	}
	if report.First != "" {
		return errors.New(report.Verdict())
	}
	fmt.Fprintln(out, report.Verdict())
	return nil
}

// -predict

// predictWith runs -load MODEL -predict FILE: one CSV row per input row on stdout, the predicted class and
// each class's probability, and the accuracy on stderr when the file has labels.
//
// Which columns are which: when the file has a header, by name — the model's features are looked up in
// it, in whatever order they stand (a file whose columns are b, a for a model of a, b is read as a, b),
// and the model's label column, by its name, gives the labels if it is there. Without a header, by
// position: the model's features in order, with the label where the training file had it when there is
// one column more. -label N names the label column explicitly.
func predictWith(opts options, stdout, stderr io.Writer) error {
	model, err := readModelFile(opts.load)
	if err != nil {
		return err
	}
	t, err := readTableFile(opts.predict, opts.stdin)
	if err != nil {
		return err
	}
	featureCols, labelCol, err := model.columnsOf(t, opts.label-1, opts.load)
	if err != nil {
		return err
	}
	if len(t.Rows) == 0 {
		return fmt.Errorf("%s has a header but no data rows", t.Name)
	}
	if extra := t.unusedColumns(featureCols, labelCol); len(extra) > 0 {
		fmt.Fprintf(stderr, "nn: warning: %s: ignoring %s: not features of the model in %s\n", t.Name, shortList(extra, 5), opts.load)
	}
	x, err := t.columns(featureCols)
	if err != nil {
		return err
	}
	var y *Matrix
	if labelCol >= 0 {
		if y, err = oneHot(t, labelCol, model.Classes); err != nil {
			return err
		}
	}
	if model.Inputs != nil {
		x = CrossFeatures(x, model.Inputs) // -features' inputs, from the raw columns, as in training
	}
	if model.Standardize != nil {
		x = model.Standardize.Apply(x)
	}
	probs := model.Network().Predict(x)

	w := csv.NewWriter(stdout)
	header := []string{"predicted"}
	for _, c := range model.Classes {
		header = append(header, "P("+c+")")
	}
	w.Write(header)
	pred := ArgmaxRows(probs)
	for i, k := range pred {
		row := []string{model.Classes[k]}
		for _, p := range probs.Row(i) {
			row = append(row, formatFloat(p))
		}
		w.Write(row)
	}
	if w.Flush(); w.Error() != nil {
		return w.Error()
	}
	if y != nil {
		acc, correct := Accuracy(probs, y)
		fmt.Fprintf(stderr, "nn: accuracy on %s: %s%% (%d of %d)\n", t.Name, formatFloat(acc), correct, len(pred))
	}
	return nil
}

// readModelFile reads and checks the model file at path.
func readModelFile(path string) (*Model, error) {
	f, err := openInput(path, true)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadModel(f, path)
}

// ===================================================================================================
// 4. Pictures written: -plot's four files (drawn in train.go, "Pictures").
// ===================================================================================================

// plotNames are the pictures -plot writes, in order.
var plotNames = []string{"data.svg", "predictions.svg", "regions.svg", "loss.svg"}

// writePlots writes the four pictures to the paths checkOutputs checked, each atomically, and says on
// out what it wrote or skipped and why. A picture this run cannot draw is removed if an earlier run of
// this program left one there (it would no longer match the other pictures); a file of the same name that
// this program did not draw is left alone, and the line says so.
func writePlots(outs map[string]outputFile, dir string, ex *experiment, p plane, losses []float64, testProbs *Matrix, out io.Writer) error {
	g := plotFigure
	draw := map[string]func() string{
		"data.svg":        func() string { return dataPlot(ex.all, p) },
		"predictions.svg": func() string { return predictionsPlot(ex.rawTest, testProbs, p) },
		"regions.svg": func() string {
			regions := regionsPNG(ex.onPlane(ex.net, p), p, len(ex.all.Classes), g.right-g.left, g.bottom-g.top)
			return regionsPlot(ex.rawTest, testProbs, regions, p, nil)
		},
		"loss.svg": func() string {
			return lossPlot(lossCurve{losses: losses, cfg: ex.cfg, minibatch: ex.cfg.LossLabel != "Loss", now: -1, diverged: -1}, g)
		},
	}
	for _, name := range plotNames {
		file := outs[filepath.Join(dir, name)]
		if name == "loss.svg" && len(losses) == 0 {
			if !drawnByUs(file.target) {
				fmt.Fprintf(out, "Plot skipped: %s: there were no training steps\n", file.path)
				continue
			}
			if err := os.Remove(file.target); err != nil {
				return fmt.Errorf("cannot remove %s, left by an earlier run: %v", file.path, errors.Unwrap(err))
			}
			fmt.Fprintf(out, "Plot skipped: %s: there were no training steps (the one an earlier run left there is removed)\n", file.path)
			continue
		}
		text := draw[name]()
		if err := writeFileAtomic(file, func(w io.Writer) error { _, err := io.WriteString(w, text); return err }); err != nil {
			return err
		}
		fmt.Fprintf(out, "Plot written: %s\n", file.path)
	}
	return nil
}

// drawnByUs reports whether path is a regular file that this program drew (it starts with svgMarker's
// line).
func drawnByUs(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	head := make([]byte, 256)
	n, _ := io.ReadFull(f, head)
	return strings.Contains(string(head[:n]), svgMarker)
}

// ===================================================================================================
// 5. The live view: -serve, training watched in a browser.
// ===================================================================================================
//
// go run . -serve localhost:8080 serves a page (the folder web/, embedded in the program) that shows
// training step by step. Go computes, the page shows. Training advances only when asked: by the page —
// each frame it fetches while playing runs up to `speed` steps first — or by POST /api/step; so there is
// no player in the background to race a Reset or a Pause, and nothing to wedge. Every number and picture
// comes from the Trainer, Step.Run, the step's table and the drawing functions the command line uses:
// after N steps the page shows what `go run . <the same flags> -steps N` prints, and the pictures its
// -plot would draw.

//go:embed web
var webFiles embed.FS

// Limits of the live view. Each request holds the run for at most about sliceTime at a time, so no
// request waits long for another; a run whose steps would take longer is refused when it is made.
const (
	maxBody         = 64 << 10   // bytes in a request body; more is refused with 413
	maxStepRequest  = 100_000    // steps one POST /api/step may ask for
	maxLiveSteps    = 1_000_000  // steps a run of the live view takes at most (it keeps every step's loss)
	maxLiveRows     = 200_000    // examples in a run of the live view
	maxLiveStepWork = 50_000_000 // multiply-adds of one training step: batch × weights
	maxPageWeights  = 5_000      // weights the page is sent to draw the network with
	regionsWork     = 30_000_000 // multiply-adds of one regions image; beyond, a coarser grid
	sliceTime       = 50 * time.Millisecond
	framePeriod     = 30 * time.Millisecond // playing frames advance training at most this often, however many pages ask
)

// pageSettings are the flags the page may change; each is checked as the flag itself is.
var pageSettings = []string{"lr", "reg", "l1", "hidden", "activation", "batch", "init", "seed", "dataset", "features", "noise", "observations", "test-size", "standardize", "every"}

// live is the live view: the run being watched.
type live struct {
	mu       sync.Mutex
	addr     string   // the address served, for the Host check
	base     []string // the command line's flags, -serve left out: the page's settings come after them
	r        *liveRun
	runs     int        // runs made so far: each has its number
	advanced time.Time  // when playing last advanced training
	changed  int        // bumped by play, pause and reset: a POST /api/step under way stops at its next slice
	building sync.Mutex // one new run is made at a time, outside mu
	cache    struct{ key, frame string }
}

// liveRun is one run of the live view, from its settings to the step it stands at.
type liveRun struct {
	id       int
	changes  []string // the page's settings, as flags
	opts     options
	ex       *experiment
	warnings []string // what the command line says on stderr before training
	tr       *Trainer
	view     plane  // the plane last asked for
	viewSpec string // … by these features
	losses   []float64
	measures []measure // at step 0 and every measureEvery steps
	running  bool
	failure  string // the command line's last line, once training diverged
	diverged int    // the step whose loss is not finite; −1
	hint     string
	all      *Pass    // the accuracy passes over every training row and every test row
	test     *Pass    //
	audit    *Step    // the next step, run on a copy of the network: its loss, gradients and rows
	auditNet *Network // that copy, after the step's update
	auditAt  int      // the step they are of; −1
	rowBuf   *Step    // a step on a batch that holds an audited row outside the next batch
}

// serve runs the live view at opts.serve until SIGINT or SIGTERM, then returns nil. An address without
// a port, or whose host is unknown, is a usage error; a port in use is an error met while running.
func serve(opts options, stdout, stderr io.Writer) error {
	host, port, err := net.SplitHostPort(opts.serve)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		return usagef("invalid value %s for flag -serve: want host:port with a port from 0 to 65535, such as localhost:8080", quoteText(opts.serve))
	}
	if host == "" {
		host = "localhost" // loopback unless another host is named
	}
	l := &live{addr: net.JoinHostPort(host, port)}
	for i := 0; i < len(opts.args); i++ { // the flags without -serve and its value
		if name := strings.TrimLeft(opts.args[i], "-"); name == "serve" {
			i++
		} else if !strings.HasPrefix(name, "serve=") {
			l.base = append(l.base, opts.args[i])
		}
	}
	if err := l.reset(nil); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", l.addr)
	if err != nil {
		if errors.As(err, new(*net.DNSError)) {
			return usagef("invalid value %s for flag -serve: the host %s is not known here", quoteText(opts.serve), quoteText(host))
		}
		return fmt.Errorf("cannot listen on %s: %v", l.addr, errors.Unwrap(err))
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "nn: warning: listening on %s: anyone who can reach this machine there can drive training\n", l.addr)
	}
	l.addr = net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) // the port chosen, for :0
	fmt.Fprintf(stdout, "Live view at http://%s/ — open it in a browser; Ctrl-C stops it.\n", l.addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: l.handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute, BaseContext: func(net.Listener) context.Context { return ctx }}
	go func() { <-ctx.Done(); srv.Shutdown(context.Background()) }()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// reset makes a new run at step 0, from the command line's flags and the page's settings (changes; nil
// for the run's own): the data, split and starting weights the command line would make. It is made
// while the old run still answers; only putting it in its place waits for the lock.
func (l *live) reset(changes []string) error {
	l.mu.Lock()
	if changes == nil && l.r != nil {
		changes = l.r.changes
	}
	l.mu.Unlock()
	l.building.Lock()
	defer l.building.Unlock()
	opts, err := parseFlags(append(append([]string{}, l.base...), changes...), io.Discard)
	if err != nil {
		return err
	}
	r := &liveRun{changes: changes, opts: opts, diverged: -1, auditAt: -1, viewSpec: "?"}
	warn := func(msg string) { r.warnings = append(r.warnings, "nn: warning: "+msg) }
	for _, w := range opts.warnings {
		warn(w)
	}
	classes := len(postClusters) // made-up data are refused before they are made
	if opts.dataset != "post" {
		classes = Generators[opts.dataset].Classes
	}
	if err := liveLimits(opts, classes*opts.observations, 2, classes); opts.data == "" && err != nil {
		return err
	}
	if r.ex, err = newExperiment(opts.Setup, warn); err != nil {
		return err
	}
	if err := liveLimits(opts, r.ex.all.X.rows, r.ex.all.X.cols, r.ex.all.Y.cols); err != nil {
		return err
	}
	r.tr = NewTrainer(r.ex.net, r.ex.train.X, r.ex.train.Y, r.ex.cfg)
	if _, err := r.plane(opts.plotFeatures); err != nil {
		return err
	}
	r.hint = r.ex.divergenceHint()
	r.all, r.test = NewPass(r.ex.net.Sizes(), r.ex.train.X.rows), NewPass(r.ex.net.Sizes(), r.ex.test.X.rows)
	r.audit = NewStep(r.ex.net.Sizes(), r.tr.Batch)
	r.measure()
	l.mu.Lock()
	l.runs++
	r.id, l.r, l.changed = l.runs, r, l.changed+1
	l.mu.Unlock()
	return nil
}

// liveLimits refuses a run of rows examples, of this many features and classes, that the live view
// cannot play: more than maxLiveRows examples, or steps of more than maxLiveStepWork multiply-adds.
func liveLimits(o options, rows, features, classes int) error {
	batch, weights, in := rows-int(math.Ceil(o.testSize*float64(rows))), 0, features
	if o.train.Batch > 0 {
		batch = min(batch, o.train.Batch)
	}
	for _, h := range append(append([]int{}, o.hidden...), classes) {
		weights, in = weights+in*h, h
	}
	switch {
	case rows > maxLiveRows:
		return fmt.Errorf("the live view takes at most %s examples, and this run has %s: use fewer (-observations, or a smaller file)", thousands(maxLiveRows), thousands(rows))
	case batch*weights > maxLiveStepWork:
		return fmt.Errorf("the live view takes steps of at most %s multiply-adds, and this run's are %s (%d rows × %d weights): use a smaller -batch or smaller -hidden layers",
			thousands(maxLiveStepWork), thousands(batch*weights), batch, weights)
	}
	return nil
}

// plane returns the plane of the features spec names (as -plot-features does; "" for the run's own
// choice), remembering the last one; data of one feature have none.
func (r *liveRun) plane(spec string) (plane, error) {
	if spec == "" {
		spec = r.opts.plotFeatures
	}
	if spec != r.viewSpec && r.ex.all.X.cols >= 2 {
		p, err := r.ex.plane(spec)
		if err != nil {
			return p, err
		}
		r.view, r.viewSpec = p, spec
	}
	return r.view, nil
}

// step takes one training step, keeping its loss, and measures every measureEvery steps. Divergence
// stops playing and keeps the command line's message.
func (r *liveRun) step() {
	err := r.tr.Next(true)
	r.losses = append(r.losses, r.tr.S.Loss)
	if err != nil {
		r.running, r.failure = false, fmt.Sprintf("nn: %v; %s", err, r.hint)
		r.diverged = err.(*DivergedError).Step
	}
	if r.tr.Done%measureEvery == 0 || err != nil {
		r.measure()
	}
}

// stopped says why the run takes no more steps, or "".
func (r *liveRun) stopped() string {
	switch {
	case r.failure != "":
		return "training diverged: change a setting, or reset"
	case r.tr.Done >= maxLiveSteps:
		return fmt.Sprintf("the live view stops at step %s; the command line goes further", thousands(maxLiveSteps))
	}
	return ""
}

// measure measures the network as it stands, unless it has been at this step: the accuracy on every
// training and test row, and the test loss — the command line's Test accuracy after -steps Done.
func (r *liveRun) measure() measure {
	if n := len(r.measures); n > 0 && r.measures[n-1].step == r.tr.Done {
		return r.measures[n-1]
	}
	m := measure{step: r.tr.Done}
	r.all.X, r.test.X = *r.ex.train.X, *r.ex.test.X
	m.train, _ = r.tr.Net.Evaluate(r.all, r.ex.train.Y, 0, 0)
	m.test, m.testLoss = r.tr.Net.Evaluate(r.test, r.ex.test.Y, r.ex.cfg.RegLambda, r.ex.cfg.L1Lambda)
	if r.tr.Done%measureEvery == 0 || r.failure != "" {
		r.measures = append(r.measures, m)
	}
	return m
}

// history is every measure so far, ending with the step the run stands at.
func (r *liveRun) history() []measure {
	if m := r.measure(); len(r.measures) == 0 || r.measures[len(r.measures)-1].step != m.step {
		return append(r.measures[:len(r.measures):len(r.measures)], m)
	}
	return r.measures
}

// nextStep runs the next training step — its batch, its loss, its gradients — on a copy of the network
// (r.auditNet, which it updates), into r.audit, once for each step the run stands at; training's own
// network is not touched.
func (r *liveRun) nextStep() *Step {
	if r.auditAt != r.tr.Done {
		r.tr.BatchOf(r.tr.Done, r.audit)
		r.auditNet = r.tr.Net.Clone()
		r.audit.Run(r.auditNet, r.tr.Cfg, true)
		r.auditAt = r.tr.Done
	}
	return r.audit
}

// ---------------------------------------------------------------------------------------------------
// What the page is sent.

// state is GET /api/state's answer, and every POST request's.
type state struct {
	Run           int               `json:"run"`           // the run's number: each reset makes a new one
	Step          int               `json:"step"`          // steps taken
	Loss          string            `json:"loss"`          // the loss at this step: "Loss at step <step>" of -steps step+1
	TrainAccuracy string            `json:"trainAccuracy"` // percent, on every training row
	TestAccuracy  string            `json:"testAccuracy"`  // the command line's "Test accuracy" after -steps step
	TestLoss      string            `json:"testLoss"`      // the loss on the test rows
	Running       bool              `json:"running"`
	Stopped       string            `json:"stopped,omitempty"` // why no more steps are taken
	Failure       string            `json:"failure,omitempty"` // the command line's last line, when training diverged
	Config        map[string]string `json:"config"`            // the page's settings as this run has them, and its data file
	Command       string            `json:"command"`           // the command line of this run, to this step
}

func (l *live) state() state {
	r := l.r
	m := r.measure()
	s := state{Run: r.id, Step: r.tr.Done, Loss: formatFloat(r.nextStep().Loss), TrainAccuracy: formatFloat(m.train), TestAccuracy: formatFloat(m.test),
		TestLoss: formatFloat(m.testLoss), Running: r.running, Stopped: r.stopped(), Failure: r.failure, Config: map[string]string{"data": r.opts.data}}
	for _, name := range pageSettings {
		s.Config[name] = r.opts.values[name]
	}
	// the command line: go run . with the flags that differ from the defaults, then -steps N
	parts := []string{"go run ."}
	for _, f := range r.opts.given {
		switch name, v := f[0], f[1]; {
		case name == "steps" || name == "plot-features":
		case v == "true" && name == "standardize":
			parts = append(parts, "-"+name)
		default:
			parts = append(parts, "-"+name, shellQuote(v))
		}
	}
	s.Command = strings.Join(append(parts, "-steps", strconv.Itoa(r.tr.Done)), " ")
	return s
}

// shellQuote quotes a value for a POSIX shell: as it is when no shell treats any of its characters
// specially, else in single quotes (a single quote inside written '\”).
func shellQuote(v string) string {
	if v != "" && strings.Trim(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-") == "" {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// terminal is what the state's command prints: the warnings, the data lines, a loss line every -every
// steps, and the test accuracy — or, after a divergence, the error. A long run's first lines are summed
// up in one.
func (r *liveRun) terminal() []string {
	lines := append([]string{}, r.warnings...)
	if d := dataLines(r.ex); d != "" {
		lines = append(lines, strings.Split(strings.TrimSuffix(d, "\n"), "\n")...)
	}
	for k := 0; k < r.tr.Done; k += r.ex.cfg.Every {
		if !notFinite(r.losses[k]) { // a step whose loss is not finite prints none
			lines = append(lines, strings.TrimSuffix(lossLine(r.ex.cfg, k, r.losses[k]), "\n"))
		}
	}
	if r.failure != "" {
		lines = append(lines, r.failure)
	} else {
		r.measure() // r.test holds the network as it stands
		lines = append(lines, strings.TrimSuffix(accuracyLine(r.test.OutputProbs, r.ex.test.Y), "\n"))
	}
	if n := len(lines); n > 14 {
		lines = append([]string{fmt.Sprintf("… %d lines before these", n-13)}, lines[n-13:]...)
	}
	return lines
}

// setting is one of the page's settings: its flag, what -h says of it, and its choices when it has few.
type setting struct {
	Name    string   `json:"name"`
	Usage   string   `json:"usage"`
	Choices []string `json:"choices,omitempty"`
}

// setupJSON is what stays the same while a run trains in one plane: a frame carries it when the page's
// is of another run or plane.
type setupJSON struct {
	Key      string     `json:"key"` // the run's number and the plane's features: "3/3,4"
	Settings []setting  `json:"settings"`
	Plane    string     `json:"plane"` // regionsPlot's picture with the training points; "" for data of one feature
	Why      string     `json:"why"`   // why these features, when the program chose them
	Features string     `json:"features"`
	Sizes    []int      `json:"sizes"`
	Labels   [][]string `json:"labels"` // every unit's name, layer by layer, as unitLabel gives them
	Rows     int        `json:"rows"`   // training rows: the audit's row numbers are from 0 to rows − 1
}

// frameJSON is GET /api/frame's answer: where training stands, and every picture of it.
type frameJSON struct {
	state
	Setup    *setupJSON `json:"setup,omitempty"`
	Terminal []string   `json:"terminal"`
	Regions  string     `json:"regions,omitempty"` // the regions image, a PNG in base64
	Wrong    string     `json:"wrong,omitempty"`   // SVG: a ring round each wrong test prediction
	Overlay  string     `json:"overlay,omitempty"` // SVG: the chosen units' ReLU lines, the audited row's ring
	LossSVG  string     `json:"lossChart"`
	Accuracy string     `json:"accuracyChart"`
	Weights  [][]string `json:"weights,omitempty"` // W[l], row-major, for the page's diagram (up to maxPageWeights)
	Biases   [][]string `json:"biases,omitempty"`
	Values   [][]string `json:"values,omitempty"` // the audited row's value at every unit, layer by layer
	Units    []unitMap  `json:"units,omitempty"`
	Dead     []int      `json:"dead"` // for each hidden layer, the units off on every training row
	Audit    *auditJSON `json:"audit,omitempty"`
}

// frame computes a frame for a page whose setup has the key known, in the plane of the features
// spec, with the row row audited (−1: none), open in the audit panel ("row", "weight:l,i,j",
// "unit:l,u" or ""), and the units chosen.
func (l *live) frame(known, spec string, row int, open string, chosen map[[2]int]bool) (frameJSON, error) {
	r := l.r
	p, err := r.plane(spec)
	if err != nil {
		return frameJSON{}, err
	}
	net, layers := r.tr.Net, len(r.tr.Net.W)
	f := frameJSON{state: l.state(), Terminal: r.terminal(), Dead: r.dead()}
	if open != "" { // checked first: the overlay below trusts what it names
		if f.Audit, err = r.explain(open, row); err != nil {
			return f, err
		}
	}
	if key := fmt.Sprintf("%d/%d,%d", r.id, p.i+1, p.j+1); key != known {
		f.Setup = &setupJSON{Key: key, Sizes: net.Sizes(), Rows: r.tr.X.rows}
		fs := newFlagSet(new(options))
		for _, name := range pageSettings {
			st := setting{Name: name, Usage: fs.Lookup(name).Usage}
			switch name {
			case "init":
				st.Choices = keys(Initializers)
			case "activation":
				st.Choices = Activations
			case "dataset":
				st.Choices = append([]string{"post"}, keys(Generators)...)
			case "standardize":
				st.Choices = []string{"false", "true"}
			}
			f.Setup.Settings = append(f.Setup.Settings, st)
		}
		for k, n := range net.Sizes() {
			f.Setup.Labels = append(f.Setup.Labels, r.names(k, n))
		}
		if r.ex.all.X.cols >= 2 {
			f.Setup.Plane = regionsPlot(r.ex.rawTest, r.test.OutputProbs, r.regions(p), p, r.ex.rawTrain)
			f.Setup.Why, f.Setup.Features = p.why, fmt.Sprintf("%d,%d", p.i+1, p.j+1)
		}
	}
	cfg := r.ex.cfg
	var tests [][2]float64
	for _, m := range r.history() {
		tests = append(tests, [2]float64{float64(m.step), m.testLoss})
	}
	f.LossSVG = lossPlot(lossCurve{losses: r.losses, cfg: cfg, minibatch: cfg.LossLabel != "Loss", test: tests, now: r.tr.Done, diverged: r.diverged}, pageChart)
	f.Accuracy = accuracyPlot(r.history(), r.tr.Done)
	if r.drawable() {
		for k := range net.W {
			f.Weights, f.Biases = append(f.Weights, formatAll(net.W[k].data)), append(f.Biases, formatAll(net.B[k].data))
		}
	}
	if row >= 0 {
		s, at, _ := r.rowStep(row)
		f.Values = [][]string{formatAll(s.X.Row(at))}
		for k := 0; k < layers-1; k++ {
			f.Values = append(f.Values, formatAll(s.Hidden[k].Row(at)))
		}
		f.Values = append(f.Values, formatAll(s.OutputProbs.Row(at)))
	}
	if r.ex.all.X.cols >= 2 {
		f.Regions = r.regions(p)
		f.Wrong, _ = wrongRings(r.ex.rawTest, r.test.OutputProbs, p)
		var first []int // the first hidden layer's units whose ReLU lines are drawn: the chosen ones, or all of a few
		for u := 0; layers > 1 && u < net.W[0].cols; u++ {
			if chosen[[2]int{1, u}] || len(chosen) == 0 && net.W[0].cols <= 8 {
				first = append(first, u)
			}
		}
		f.Overlay = reluLines(r.ex, net, p, first)
		if row >= 0 {
			x, y := p.point(r.ex.rawTrain.X, row)
			f.Overlay += ring(x, y, 5, "#c00", 2.2)
		}
		f.Overlay += r.voteMarks(open, p)
		f.Units = unitMaps(r.ex, net, p)
	}
	return f, nil
}

// drawable reports whether the page can draw the network weight by weight: maxPageWeights at most.
func (r *liveRun) drawable() bool {
	n := 0
	for _, w := range r.tr.Net.W {
		n += len(w.data)
	}
	return n <= maxPageWeights
}

// regions is the regions image of the network as it stands (regionsPNG) on the plot area's grid, or on a
// coarser one when the network is so large that that would cost more than regionsWork.
func (r *liveRun) regions(p plane) string {
	pn := r.ex.onPlane(r.tr.Net, p)
	perCell := 0
	for _, w := range pn.W {
		perCell += len(w.data)
	}
	g := plotFigure
	cols, rows := g.right-g.left, g.bottom-g.top
	if f := math.Sqrt(regionsWork / float64(cols*rows*perCell)); f < 1 {
		cols, rows = max(8, int(float64(cols)*f)), max(8, int(float64(rows)*f))
	}
	return regionsPNG(pn, p, len(r.ex.all.Classes), cols, rows)
}

// voteMarks colours, when open names a weight ("weight:l,i,j") or a bias ("unit:l,u"), every training
// point drawn by its vote on that parameter's gradient in the next step (Step.Votes): red pushing the
// data part up, black down, grey for none (colours no class has), larger for a larger vote; points
// outside the step's batch vote nothing and are left out. Two bars compare the data part with the L2
// pull λ·W.
func (r *liveRun) voteMarks(open string, p plane) string {
	var l, i, j int
	kind, spec, _ := strings.Cut(open, ":")
	if n, _ := fmt.Sscanf(spec+",", "%d,%d,%d,", &l, &i, &j); kind == "unit" && n == 2 {
		l, i, j = l-1, 0, i
	} else if kind != "weight" || n != 3 {
		return ""
	}
	s, first := r.nextStep(), BatchOffset(r.tr.Done, r.tr.Batch, r.tr.X.rows)
	terms, data := s.Votes(l, i, j, kind == "unit")
	biggest := 1e-300
	for _, v := range terms {
		biggest = max(biggest, math.Abs(v))
	}
	var b strings.Builder
	b.WriteString("<g class=\"votes\">")
	rows, _ := drawOrder(r.ex.rawTrain.X.rows, maxPagePoints)
	for _, n := range rows {
		if n < first || n >= first+r.tr.Batch {
			continue
		}
		v, color := terms[n-first], "#bbb"
		if v > 0 {
			color = "#d7191c"
		} else if v < 0 {
			color = "#222"
		}
		x, y := p.point(r.ex.rawTrain.X, n)
		fmt.Fprintf(&b, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\" fill-opacity=\"0.8\" data-row=\"%d\" data-vote=\"%s\"/>", px(x), px(y), px(1.2+4*math.Sqrt(math.Abs(v)/biggest)), color, n, formatFloat(v))
	}
	pull, pullName := 0.0, "L2 pull λ·W:"
	if w := r.tr.Net.W[l].At(i, j); kind == "weight" {
		pull = r.tr.Cfg.RegLambda*w + r.tr.Cfg.L1Lambda*sign(w) // the step's L2 part λ·W, and -l1's λ₁·sign(W)
	}
	if r.tr.Cfg.L1Lambda != 0 {
		pullName = "pull λ·W + λ₁·sign(W):"
	}
	g, most := plotFigure, max(math.Abs(data), math.Abs(pull), 1e-300)
	for k, bar := range []struct {
		name string
		v    float64
	}{{"votes (red up, black down):", data}, {pullName, pull}} {
		y, w, x := float64(g.top+10+16*k), 80*math.Abs(bar.v)/most, float64(g.left+100) // bars from x, right when positive
		if bar.v < 0 {
			x -= w
		}
		fmt.Fprintf(&b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"10\" fill=\"#444\"/><text x=\"%d\" y=\"%s\" font-size=\"11\">%s %s</text>",
			px(x), px(y), px(w), g.left+185, px(y+9), esc(bar.name), formatFloat(bar.v))
	}
	return b.String() + "</g>\n"
}

// dead returns, for each hidden layer, how many units are off (≤ 0) on every training row: no gradient
// reaches their weights.
func (r *liveRun) dead() []int {
	r.measure() // its pass over the training rows, r.all, holds the network as it stands
	var dead []int
	for _, h := range r.all.Hidden {
		on := make([]bool, h.cols)
		for i := 0; i < h.rows; i++ {
			for u, v := range h.Row(i) {
				on[u] = on[u] || v > 0
			}
		}
		n := 0
		for _, o := range on {
			if !o {
				n++
			}
		}
		dead = append(dead, n)
	}
	return dead
}

// ---------------------------------------------------------------------------------------------------
// The audit: a row, a weight or a unit, in the numbers of the step's table.

// auditJSON is an audit: a title, notes, and lines — each one of the step's values, in the post's
// words and ours, with its numbers (a row of a tall value, or a whole small one), its columns named.
type auditJSON struct {
	Title string      `json:"title"`
	Notes []string    `json:"notes"`
	Lines []auditLine `json:"lines"`
}

type auditLine struct {
	Name  string     `json:"name"`
	Post  string     `json:"post"`
	Ours  string     `json:"ours"`
	Shape string     `json:"shape"`
	Cols  []string   `json:"cols,omitempty"`  // the columns' units: x1, h1 …, the classes
	Names []string   `json:"names,omitempty"` // the rows' units, for a weight matrix
	Rows  [][]string `json:"rows"`            // the numbers, as the command line prints them
}

// names returns the names of n units of a layer (unitLabel's), or nothing for a loss (layer −1).
func (r *liveRun) names(layer, n int) []string {
	var out []string
	for u := 0; layer >= 0 && u < n; u++ {
		out = append(out, unitLabel(r.ex, len(r.tr.Net.W), layer, u))
	}
	return out
}

// rowStep returns the step holding training row row — the next step, when its batch has the row, else
// a step on the batch of N rows from the row on — the row's place in it, and whether it is the next step.
func (r *liveRun) rowStep(row int) (s *Step, at int, next bool) {
	s, first, n := r.nextStep(), BatchOffset(r.tr.Done, r.tr.Batch, r.tr.X.rows), r.tr.Batch
	if row >= first && row < first+n {
		return s, row - first, true
	}
	if r.rowBuf == nil {
		r.rowBuf = NewStep(r.tr.Net.Sizes(), n)
	}
	first = min(row, r.tr.X.rows-n)
	RowsViewInto(&r.rowBuf.X, r.tr.X, first, first+n)
	RowsViewInto(&r.rowBuf.Y, r.tr.Y, first, first+n)
	r.rowBuf.Run(r.tr.Net.Clone(), r.tr.Cfg, true)
	return r.rowBuf, row - first, false
}

// explain audits what open names, with the network as it stands, from the table of the step it takes
// next: "row" is training row row's trip through the step — every value of the table, tall ones at its
// row, and its share of each gradient — and its own loss; "weight:l,i,j" (W[l][i][j]) and "unit:l,u"
// (the bias of unit u of layer l) are the parameter, the lines that make its gradient (the data part,
// the L2 part, their sum), and what the update makes of it.
func (r *liveRun) explain(open string, row int) (*auditJSON, error) {
	kind, spec, _ := strings.Cut(open, ":")
	var l, i, j int
	sizes, layers, n := r.tr.Net.Sizes(), len(r.tr.Net.W), r.tr.Batch
	switch k, _ := fmt.Sscanf(spec+",", "%d,%d,%d,", &l, &i, &j); {
	case kind == "row" && (row < 0 || row >= r.tr.X.rows):
		return nil, fmt.Errorf("row %d: want a training row from 0 to %d", row, r.tr.X.rows-1)
	case kind == "unit" && k == 2 && l >= 1 && l <= layers && i >= 0 && i < sizes[l]:
		l, i, j = l-1, 0, i // the bias of unit i of layer l: B[l−1][0][i]
	case kind != "row" && !(kind == "weight" && k == 3 && l >= 0 && l < layers && i >= 0 && i < sizes[l] && j >= 0 && j < sizes[l+1]):
		return nil, fmt.Errorf("%s: want row, weight:l,i,j (a layer from 0 to %d, an input unit, an output unit) or unit:l,u (a layer from 1 to %d, a unit)",
			quoteText(open), layers-1, layers)
	}
	s, at, next := r.nextStep(), 0, true
	if row >= 0 {
		s, at, next = r.rowStep(row)
	}
	net, after, a := r.tr.Net, r.auditNet, &auditJSON{}
	first := BatchOffset(r.tr.Done, n, r.tr.X.rows)
	switch {
	case row >= 0 && n == r.tr.X.rows:
		a.Notes = append(a.Notes, fmt.Sprintf("Every step's batch is all %d training rows: N = %d.", n, n))
	case row >= 0 && next:
		a.Notes = append(a.Notes, fmt.Sprintf("Row %d is in step %d's batch, rows %d to %d: N = %d.", row, r.tr.Done, first, first+n-1, n))
	case row >= 0:
		after = nil // the update of another batch is not the next weights
		a.Notes = append(a.Notes, fmt.Sprintf("Row %d is not in step %d's batch (rows %d to %d): it is shown in the batch of the %d rows from row %d on. Its forward values are the same in any batch, its error signal is divided by N = %d as in any batch, and it adds nothing to step %d's gradients.",
			row, r.tr.Done, first, first+n-1, n, row-at, n, r.tr.Done))
	}
	var vs []StepValue
	switch kind {
	case "row":
		k := argmax(s.Y.Row(at))
		a.Title = fmt.Sprintf("Training row %d, %s, at step %d", row, className(k, r.ex.all.Classes[k]), r.tr.Done)
		a.Notes = append(a.Notes, fmt.Sprintf("This row's own loss, −log output_probs[%d][%d]: %s (the step's loss is the mean over its N rows, and the L2 part).",
			at, k, formatFloat(crossEntropyRow(s.OutputLayer.Row(at), s.Y.Row(at)))))
		vs = s.RowValues(net, after, at)
	case "weight", "unit":
		a.Title = fmt.Sprintf("The weight from %s to %s, at step %d", unitLabel(r.ex, layers, l, i), unitLabel(r.ex, layers, l+1, j), r.tr.Done)
		grad := s.DataGradW[l]
		if kind == "unit" {
			a.Title, grad = fmt.Sprintf("The bias of unit %s, at step %d", unitLabel(r.ex, layers, l+1, j), r.tr.Done), s.GradB[l]
		}
		vs = s.ParamValues(net, after, l, i, j, kind == "unit", r.tr.Cfg.RegLambda)
		if row >= 0 && next {
			a.Notes = append(a.Notes, fmt.Sprintf("Row %d's share of the gradient's data part: %s.", row, formatFloat(s.Share(StepValue{M: grad}, at).At(i, j))))
		}
	}
	for _, v := range vs {
		rows, cols := v.M.Dims()
		line := auditLine{Name: v.Name, Post: v.Post, Ours: v.Ours, Shape: fmt.Sprintf("[%d x %d]", rows, cols), Cols: r.names(v.Units, cols)}
		switch {
		case kind != "row":
			line.Shape = fmt.Sprintf("entry [%d][%d]", i, j)
		case v.Rows:
			line.Shape = fmt.Sprintf("row %d of [%d x %d]", at, s.X.rows, cols)
		case rows*cols > 400:
			line.Shape += ": too many numbers to list here; the diagram shows them"
			rows = 0
		case rows > 1: // a weight matrix: its rows are the units below
			line.Names = r.names(v.Units-1, rows)
		}
		for k := 0; k < rows; k++ {
			line.Rows = append(line.Rows, formatAll(v.M.Row(k)))
		}
		a.Lines = append(a.Lines, line)
	}
	return a, nil
}

// ---------------------------------------------------------------------------------------------------
// The handlers.

// handler routes the page, its files and the API, behind the checks every request passes. Every answer
// of the API is JSON, a wrong path (404) or method (405) included.
func (l *live) handler() http.Handler {
	static, _ := iofs.Sub(webFiles, "web") // the folder is in the program: cannot fail
	files := http.FileServer(http.FS(static))
	routes := map[string]struct {
		method string
		serve  http.HandlerFunc
	}{
		"/": {"GET", files.ServeHTTP}, "/app.js": {"GET", files.ServeHTTP}, "/style.css": {"GET", files.ServeHTTP},
		"/api/state": {"GET", l.getState}, "/api/frame": {"GET", l.getFrame}, "/api/step": {"POST", l.postStep},
		"/api/play": {"POST", l.control}, "/api/pause": {"POST", l.control}, "/api/reset": {"POST", l.postReset},
	}
	host, port, _ := net.SplitHostPort(l.addr)
	allowed := map[string]bool{} // the Host this server answers to; a browser leaves the port out when it is 80
	for _, h := range []string{host, "localhost", "127.0.0.1", "::1"} {
		allowed[net.JoinHostPort(h, port)] = true
		if port == "80" {
			allowed[strings.TrimSuffix(net.JoinHostPort(h, port), ":80")] = true
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, ok := routes[r.URL.Path]
		origin := r.Header.Get("Origin")
		switch {
		case !allowed[r.Host]: // a page elsewhere, reaching this server by DNS rebinding
			httpError(w, http.StatusForbidden, fmt.Sprintf("this server answers to %s, not to the host %s", l.addr, quoteText(r.Host)))
		case r.Method == http.MethodPost && origin != "" && !allowed[strings.TrimPrefix(strings.TrimPrefix(origin, "http://"), "https://")]:
			httpError(w, http.StatusForbidden, fmt.Sprintf("requests from the page %s are not accepted; open http://%s/", quoteText(origin), l.addr))
		case !ok:
			httpError(w, http.StatusNotFound, fmt.Sprintf("there is nothing at %s; the live view is at /, its API under /api/", quoteText(r.URL.Path)))
		case r.Method != route.method && !(route.method == "GET" && r.Method == "HEAD"):
			w.Header().Set("Allow", route.method)
			httpError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s takes %s requests, not %s", r.URL.Path, route.method, quoteText(r.Method)))
		default:
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			route.serve(w, r)
		}
	})
}

// httpError answers with status and {"error": msg}: one line saying what is wrong and what is accepted.
func httpError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	writeJSON(w, map[string]string{"error": msg})
}

// readBody decodes a request's JSON body, which may be empty, into v; example shows what it takes. It
// answers 413 or 400 itself, in words: a body that is not one JSON object, a field it does not take, a
// value of the wrong kind, more after the object.
func readBody(w http.ResponseWriter, r *http.Request, v any, example string) bool {
	b, err := io.ReadAll(r.Body)
	if errors.As(err, new(*http.MaxBytesError)) {
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is over %d bytes", maxBody))
		return false
	}
	if len(bytes.TrimSpace(b)) == 0 && err == nil {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err == nil {
		err = dec.Decode(v)
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		err = fmt.Errorf("%q holds a %s, which it does not take", typeErr.Field, typeErr.Value)
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field "):
		err = errors.New(strings.TrimPrefix(err.Error(), "json: "))
	case err != nil:
		err = errors.New("it is not one JSON object")
	case dec.Decode(new(json.RawMessage)) != io.EOF:
		err = errors.New("there is more after the JSON object")
	}
	if err != nil {
		httpError(w, http.StatusBadRequest, fmt.Sprintf("the body is not the JSON this request takes: %v; want %s", err, example))
	}
	return err == nil
}

func (l *live) getState(w http.ResponseWriter, r *http.Request) {
	var s state
	func() { // a panic here, a bug, must not leave the lock held
		l.mu.Lock()
		defer l.mu.Unlock()
		s = l.state()
	}()
	w.Header().Set("Content-Type", "application/json")
	writeJSON(w, s)
}

// getFrame answers GET /api/frame?run=N&setup=KEY&speed=S&features=I,J&row=R&open=WHAT&units=L:U,…:
// while playing it first takes up to speed steps (1 to 1000, within sliceTime), then answers frame's
// frame. A selection made in another run is dropped.
func (l *live) getFrame(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	speed, row := atoi(q.Get("speed")), atoi(q.Get("row"))
	chosen := map[[2]int]bool{}
	for _, u := range strings.Split(q.Get("units"), ",") {
		var lu [2]int
		if _, err := fmt.Sscanf(u, "%d:%d", &lu[0], &lu[1]); err == nil {
			chosen[lu] = true
		}
	}
	answer, err := l.framed(q, speed, row, chosen)
	if err != nil {
		httpError(w, http.StatusBadRequest, strings.Replace(err.Error(), "flag -plot-features", "features", 1))
		return
	}
	w.Header().Set("Content-Type", "application/json") // written outside the lock: a client slow to read holds only its own connection
	io.WriteString(w, answer)
}

// framed is getFrame's work under the lock: the steps a playing frame takes, then the frame, as JSON
// (the last one again when nothing has changed).
func (l *live) framed(q url.Values, speed, row int, chosen map[[2]int]bool) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	run, open := l.r, q.Get("open")
	if run.id != atoi(q.Get("run")) || row >= run.tr.X.rows {
		row, open, chosen = -1, "", nil
	}
	if run.running && time.Since(l.advanced) >= framePeriod {
		for n, start := 0, time.Now(); n < min(max(speed, 1), 1000) && run.stopped() == "" && time.Since(start) < sliceTime; n++ {
			run.step()
		}
		l.advanced, run.running = time.Now(), run.running && run.stopped() == ""
	}
	key := fmt.Sprint(run.id, run.tr.Done, run.running, q.Get("setup"), q.Get("features"), row, open, q.Get("units"))
	if l.cache.key != key {
		f, err := l.frame(q.Get("setup"), q.Get("features"), row, open, chosen)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		writeJSON(&b, f) // plain values, to memory: cannot fail
		l.cache.key, l.cache.frame = key, b.String()
	}
	return l.cache.frame, nil
}

// atoi is strconv.Atoi, with −1 for anything that is not a whole number.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// postStep runs {"steps": n} steps, 1 ≤ n ≤ maxStepRequest, while paused, and answers the new state. The
// steps run in slices of at most sliceTime, letting every other request in between; a Play, a Pause, a
// Reset or the client leaving ends them at the next slice.
func (l *live) postStep(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Steps *int `json:"steps"`
	}
	if !readBody(w, r, &body, `{"steps": 10}`) {
		return
	}
	n := 1
	if body.Steps != nil {
		n = *body.Steps
	}
	if n < 1 || n > maxStepRequest {
		httpError(w, http.StatusBadRequest, fmt.Sprintf("steps %d: want a whole number from 1 to %d", n, maxStepRequest))
		return
	}
	l.mu.Lock()
	run, changed, running := l.r, l.changed, l.r.running
	l.mu.Unlock()
	if running {
		httpError(w, http.StatusConflict, "training is playing; pause it before taking steps")
		return
	}
	slice := func(taken int) int { // steps for at most sliceTime, holding the lock; n once it must stop
		l.mu.Lock()
		defer l.mu.Unlock()
		for start := time.Now(); taken < n && l.changed == changed && run.stopped() == "" && time.Since(start) < sliceTime; taken++ {
			run.step()
		}
		if l.changed != changed || run.stopped() != "" {
			return n
		}
		return taken
	}
	for taken := 0; taken < n && r.Context().Err() == nil; {
		taken = slice(taken)
	}
	l.getState(w, r)
}

// control answers POST /api/play and /api/pause.
func (l *live) control(w http.ResponseWriter, r *http.Request) {
	if !readBody(w, r, &struct{}{}, "no body") {
		return
	}
	l.mu.Lock()
	l.r.running, l.changed = r.URL.Path == "/api/play" && l.r.stopped() == "", l.changed+1
	l.mu.Unlock()
	l.getState(w, r)
}

// postReset starts over at step 0 with the same settings; with {"config": {"lr": "0.05", …}}, with those
// settings, each checked as its flag is (pageSettings lists them).
func (l *live) postReset(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Config map[string]string `json:"config"`
	}
	if !readBody(w, r, &body, `{"config": {"lr": "0.05", "hidden": "16,8"}}`) {
		return
	}
	var changes []string
	for _, name := range keys(body.Config) {
		if !slices.Contains(pageSettings, name) {
			httpError(w, http.StatusBadRequest, fmt.Sprintf("the setting %s cannot be changed here; want some of: %s", quoteText(name), strings.Join(pageSettings, ", ")))
			return
		}
		changes = append(changes, "-"+name+"="+body.Config[name])
	}
	if body.Config != nil && changes == nil {
		changes = []string{} // an empty config: the command line's own settings
	}
	if err := l.reset(changes); err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	l.getState(w, r)
}
