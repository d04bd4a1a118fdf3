/work/main/fuzz/build/fuzz-maps.o: /work/main/fuzz/fuzz-maps.c \
  /work/main/fuzz/fuzz.h /work/main/engine/mm.h \
  /work/main/engine/rbtree.h /work/main/engine/trace.h \
  /work/main/engine/vm.h /work/main/engine/run.h \
  /work/main/engine/scenario.h

/work/main/fuzz/fuzz.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/run.h:

/work/main/engine/scenario.h:
