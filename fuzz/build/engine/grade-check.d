/work/main/fuzz/build/engine/grade-check.o: \
  /work/main/engine/grade-check.c /work/main/engine/grade-int.h \
  /work/main/engine/grade.h /work/main/engine/mm.h \
  /work/main/engine/rbtree.h /work/main/engine/trace.h \
  /work/main/engine/vm.h /work/main/engine/grade-sys.h \
  /work/main/engine/run.h /work/main/engine/scenario.h

/work/main/engine/grade-int.h:

/work/main/engine/grade.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/grade-sys.h:

/work/main/engine/run.h:

/work/main/engine/scenario.h:
