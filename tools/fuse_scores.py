"""Fuse the class scores of several streams dumped by ``tools/test.py``.

    python tools/fuse_scores.py rgb.pkl flow.pkl [--weights 1 1.5]
    python tools/fuse_scores.py rgb.pkl flow.pkl --method svm \\
        --train-dumps rgb_train.pkl flow_train.pkl \\
        [--svm-multi-class crammer_singer]

Prints top-1 and mean class accuracy of every stream and of the fusion.
"""
import argparse

from mmvid_plugin.evaluation import (SVM_MULTI_CLASS, average_fusion,
                                     classification_summary,
                                     load_stream_scores, svm_fusion)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('dumps', nargs='+', help='test dumps, one per stream')
    parser.add_argument('--method', choices=('average', 'svm'),
                        default='average')
    parser.add_argument('--weights', nargs='+', type=float,
                        help='one weight per stream (average fusion)')
    parser.add_argument('--train-dumps', nargs='+',
                        help='training-split dumps, same stream order (svm)')
    parser.add_argument('--svm-c', type=float, default=1.0)
    parser.add_argument('--svm-multi-class', choices=SVM_MULTI_CLASS,
                        default='ovr',
                        help="one-vs-rest (default) or Crammer & Singer's "
                        'joint multi-class SVM')
    args = parser.parse_args(argv)

    scores, labels = load_stream_scores(args.dumps)
    results = {}
    for path, stream in zip(args.dumps, scores):
        results[path] = classification_summary(stream, labels)
    if args.method == 'average':
        fused = average_fusion(scores, args.weights)
        name = f'average{tuple(args.weights) if args.weights else ""}'
    else:
        if not args.train_dumps:
            parser.error('--method svm needs --train-dumps (the SVM is '
                         'trained on training-split scores)')
        train_scores, train_labels = load_stream_scores(args.train_dumps)
        fused = svm_fusion(train_scores, train_labels, scores, args.svm_c,
                           args.svm_multi_class)
        joint = ('' if args.svm_multi_class == 'ovr' else
                 f', {args.svm_multi_class}')
        name = f'svm(C={args.svm_c}{joint})'
    results[f'fused {name}'] = classification_summary(fused, labels)
    for key, summary in results.items():
        print(f"{key:50s} top-1 {summary['top1']:.1%}  mean class accuracy "
              f"{summary['mean_class_accuracy']:.1%}")
    return results


if __name__ == '__main__':
    main()
