/work/main/fuzz/build/engine/grade.o: /work/main/engine/grade.c \
  /work/main/config.h /work/main/engine/grade-int.h \
  /work/main/engine/grade.h /work/main/engine/mm.h \
  /work/main/engine/rbtree.h /work/main/engine/trace.h \
  /work/main/engine/vm.h

/work/main/config.h:

/work/main/engine/grade-int.h:

/work/main/engine/grade.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:
