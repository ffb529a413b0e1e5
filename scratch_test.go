package main

import "testing"

type opBufs struct{ x, w1, b1, h, w2, b2, o, p, y, e, dh, gw1, gw2, gb1, gb2 *Matrix }

func newOpBufs() *opBufs {
	g := lcg(1)
	y := NewMatrix(1024, 3)
	for i := 0; i < 1024; i++ {
		y.Set(i, i%3, 1)
	}
	return &opBufs{x: g.matrix(1024, 2), w1: g.matrix(2, 5), b1: g.matrix(1, 5), h: g.matrix(1024, 5), w2: g.matrix(5, 3), b2: g.matrix(1, 3),
		o: g.matrix(1024, 3), p: g.matrix(1024, 3), y: y, e: g.matrix(1024, 3), dh: g.matrix(1024, 5), gw1: NewMatrix(2, 5), gw2: NewMatrix(5, 3), gb1: NewMatrix(1, 5), gb2: NewMatrix(1, 3)}
}
func BenchmarkOpMul1(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		MulInto(o.h, o.x, o.w1)
	}
}
func BenchmarkOpAddRow5(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		AddRowVectorInto(o.h, o.h, o.b1)
	}
}
func BenchmarkOpReLU(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		ReLUInto(o.dh, o.h)
	}
}
func BenchmarkOpMul2(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		MulInto(o.o, o.h, o.w2)
	}
}
func BenchmarkOpAddRow3(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		AddRowVectorInto(o.o, o.o, o.b2)
	}
}
func BenchmarkOpSoftmax(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		SoftmaxInto(o.p, o.o)
	}
}
func BenchmarkOpOutErr(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		outputErrorSignalInto(o.e, o.p, o.y, 13500)
	}
}
func BenchmarkOpMulTB(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		MulTransBInto(o.dh, o.e, o.w2)
	}
}
func BenchmarkOpReluB(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		reluBackwardInto(o.dh, o.dh, o.h)
	}
}
func BenchmarkOpMulTA2(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		MulTransAInto(o.gw2, o.h, o.e)
	}
}
func BenchmarkOpSumRows3(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		SumRowsInto(o.gb2, o.e)
	}
}
func BenchmarkOpMulTA1(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		MulTransAInto(o.gw1, o.x, o.dh)
	}
}
func BenchmarkOpSumRows5(b *testing.B) {
	o := newOpBufs()
	for i := 0; i < b.N; i++ {
		SumRowsInto(o.gb1, o.dh)
	}
}
