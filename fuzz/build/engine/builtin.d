/work/main/fuzz/build/engine/builtin.o: /work/main/engine/builtin.c \
  /work/main/config.h /work/main/engine/run.h /work/main/engine/mm.h \
  /work/main/engine/rbtree.h /work/main/engine/trace.h \
  /work/main/engine/vm.h /work/main/engine/scenario.h

/work/main/config.h:

/work/main/engine/run.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/scenario.h:
